package io.llmload.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmload.config.LlmConfig;
import io.llmload.config.Settings;
import io.llmload.run.RunFiles;
import io.llmload.run.RunFolderName;
import io.llmload.sim.SimConfig;
import io.llmload.sim.SimMode;
import io.llmload.sim.VllmSimulator;
import io.llmload.workload.JourneyKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The end of a run: its folder is its own, and each finishing step runs even when another one failed. */
class RunEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  private record Child(int exit, String output, Path runDir) {
  }

  /** Runs {@link RunEndMain} in its own JVM (its shutdown hook sets the exit code); at most 120 s. */
  private Child runEnd(String label, boolean blockRunJson) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = tmp.resolve("child.log");
    Process p = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        RunEndMain.class.getName(), tmp.resolve("out").toString(), label, Boolean.toString(blockRunJson))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the run did not end in 120 s:\n" + Files.readString(log));
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("runDir=(.*)").matcher(output);
    assertThat(m.find()).as(output).isTrue();
    return new Child(p.exitValue(), output, Path.of(m.group(1)));
  }

  @Test
  void aFailedStepDoesNotSkipTheOthersAndTheRunFailsNamingIt() throws Exception {
    Child child = runEnd("blocked", true);
    assertThat(child.output()).contains("LLM: the end of the run failed: run.json").contains("finish returned");
    assertThat(child.exit()).as(child.output()).isEqualTo(2);
    // the steps after run.json still ran
    assertThat(JSON.readTree(child.runDir().resolve(RunFiles.SUMMARY).toFile()).path("run").path("label").asText())
        .isEqualTo("blocked");
    assertThat(child.runDir().resolve(RunFiles.REPORT)).isRegularFile();
  }

  @Test
  void aVeryLongLabelRunsToTheEnd() throws Exception {
    String label = "nightly h100/" + "x".repeat(300);
    Child child = runEnd(label, false);
    assertThat(child.output()).contains("finish returned").doesNotContain("the end of the run failed");
    assertThat(child.exit()).as(child.output()).isZero();
    assertThat(child.runDir().getFileName().toString()).hasSize(16 + RunFolderName.MAX_LABEL);
    JsonNode summary = JSON.readTree(child.runDir().resolve(RunFiles.SUMMARY).toFile());
    assertThat(summary.path("run").path("label").asText()).hasSizeGreaterThan(300); // the label itself is kept whole
    assertThat(child.runDir().resolve(RunFiles.RUN_INFO)).isRegularFile();
    assertThat(child.runDir().resolve(RunFiles.REPORT)).isRegularFile();
  }

  @Test
  void aRunStartedInTheSameSecondAsAnotherWithTheSameLabelGetsItsOwnFolder() throws Exception {
    Path out = tmp.resolve("out");
    // the folders another run with this label would have, started any second from now to 2 minutes on
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    for (int s = -1; s <= 120; s++) {
      Files.createDirectories(out.resolve(RunFolderName.of(now.plusSeconds(s), "same")));
    }
    try (VllmSimulator sim = VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).ttftMs(10).itlMs(1)
        .maxModelLen(8192).port(0).build())) {
      LlmConfig config = LlmConfig.read(Settings.of(Map.of("llm.baseUrl", sim.baseUrl(), "llm.outputDir",
          out.toString(), "llm.metricsUrl", "off", "llm.label", "same")), LlmConfig.Defaults.SMOKE);
      try (LlmRun run = new LlmRun("t", config, JourneyKind.MIXED, new RunSettings(Map.of(), false, tmp))) {
        String name = run.runDir().getFileName().toString();
        assertThat(name).endsWith("-same-2");
        Path other = run.runDir().resolveSibling(name.substring(0, name.length() - 2));
        try (var files = Files.list(other)) {
          assertThat(files).as("the other run's folder is untouched").isEmpty();
        }
      }
    }
  }
}
