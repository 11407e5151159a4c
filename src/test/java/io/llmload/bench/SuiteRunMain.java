package io.llmload.bench;

import io.llmload.simulations.SmokeSimulation;
import io.llmload.testing.GatlingRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One run of this suite in its own JVM, so its CPU is measured over its own process as the seed's is (start-up,
 * class loading and JIT included): runs SmokeSimulation with the llm.* system properties this JVM was started
 * with, then writes this JVM's user + system CPU seconds to the file named by the second argument and exits
 * with Gatling's exit code. Arguments: Gatling results folder, CPU file.
 */
final class SuiteRunMain {
  private SuiteRunMain() {
  }

  public static void main(String[] args) throws Exception {
    int exit;
    try {
      exit = GatlingRunner.run(SmokeSimulation.class, Map.of(), Path.of(args[0]), false);
    } finally {
      Files.writeString(Path.of(args[1]), String.format(java.util.Locale.ROOT, "%.3f%n", ProcCpu.self()));
    }
    System.exit(exit);
  }
}
