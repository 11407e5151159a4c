package io.llmload.bench;

import io.llmload.simulations.SmokeSimulation;
import io.llmload.testing.GatlingRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One run of this suite in its own JVM, so its CPU is measured over its own process as the seed's is (start-up,
 * class loading and JIT included): runs SmokeSimulation (or the simulation class named by bench.simulation) with the llm.* system properties this JVM was started
 * with, then writes this JVM's user + system CPU seconds to the file named by the second argument and exits
 * with Gatling's exit code. Arguments: Gatling results folder, CPU file, and optionally a clock file, which gets
 * Gatling's clock (epoch ms, with the fraction) at System.nanoTime() = 0, so nanoTime stamps of another process
 * (the simulator's) can be put on the run's clock.
 */
final class SuiteRunMain {
  private SuiteRunMain() {
  }

  public static void main(String[] args) throws Exception {
    int exit;
    try {
      Class<?> simulation = Class.forName(System.getProperty("bench.simulation", SmokeSimulation.class.getName()));
      exit = GatlingRunner.run(simulation, Map.of(), Path.of(args[0]), false);
    } finally {
      Files.writeString(Path.of(args[1]), String.format(java.util.Locale.ROOT, "%.3f%n", ProcCpu.self()));
      if (args.length > 2) {
        Files.writeString(Path.of(args[2]), String.format(java.util.Locale.ROOT, "%.6f%n",
            io.llmload.gatling.GatlingInternals.millisAt(0L)));
      }
    }
    System.exit(exit);
  }
}
