package io.llmload.gatling;

import io.llmload.config.LlmConfig;
import io.llmload.config.Settings;
import io.llmload.run.RunFiles;
import io.llmload.sim.SimConfig;
import io.llmload.sim.SimMode;
import io.llmload.sim.VllmSimulator;
import io.llmload.workload.JourneyKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The child JVM of {@link RunEndTest}: a run against the embedded simulator (127.0.0.1) with the given
 * label is prepared and finished without load, optionally with run.json made unwritable (a folder of that
 * name), then the JVM exits as Gatling's would, so the run's shutdown hook sets the exit code.
 */
public final class RunEndMain {
  private RunEndMain() {
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    String label = args[1];
    boolean blockRunJson = Boolean.parseBoolean(args[2]);
    try (VllmSimulator sim = VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).ttftMs(10).itlMs(1)
        .maxModelLen(8192).port(0).build())) {
      Map<String, String> props = new HashMap<>();
      props.put("llm.baseUrl", sim.baseUrl());
      props.put("llm.outputDir", out.toString());
      props.put("llm.metricsUrl", "off");
      props.put("llm.label", label);
      LlmConfig config = LlmConfig.read(Settings.of(props), LlmConfig.Defaults.SMOKE);
      try (LlmRun run = new LlmRun("RunEndMain", config, JourneyKind.MIXED,
          new RunSettings(Map.of(), false, out.resolve("gatling")))) {
        System.out.println("runDir=" + run.runDir());
        if (blockRunJson) {
          Files.writeString(Files.createDirectories(run.runDir().resolve(RunFiles.RUN_INFO)).resolve("x"), "x");
        }
        run.finish();
        System.out.println("finish returned");
      }
    }
    System.exit(0);
  }
}
