package io.llmload.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.testing.CallsFile;
import io.llmload.testing.Slow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `./mvnw gatling:test` as a user runs it, in a subprocess, against the embedded simulator (loopback): a
 * broken llm.assert.* fails the build and the console names it; the same run with a limit that holds
 * passes. Smoke in fixed mode (TTFT 50 ms): about 20 s per run.
 */
@Slow
class AssertionExitCodeTest {
  private static final long TIMEOUT_S = 240;

  @Test
  void aBrokenAssertionFailsTheBuildAndIsNamed(@TempDir Path tmp) throws Exception {
    // TTFT p95 ≤ 1 ms cannot hold: the simulator waits 50 ms before the first token
    Subprocess.Result r = smoke(tmp, "-Dllm.assert.ttftP95Ms=1", "-Dllm.assert.errorRatePct=100");

    assertThat(r.exit()).as("./mvnw exit code; log:\n%s", r.tail()).isNotZero();
    assertThat(r.log()).contains("LLM run verdict: FAILED: 1 of 2 checks failed")
        .contains("  - overall ttftP95Ms (llm.assert.ttftP95Ms): ")
        .doesNotContain("overall errorRatePct (llm.assert.errorRatePct):");
    assertThat(r.log()).contains("Failed to execute goal io.gatling:gatling-maven-plugin");
    String junit = Files.readString(CallsFile.onlyRunDir(tmp.resolve("runs")).resolve("llm-junit.xml"));
    assertThat(junit).contains("tests=\"2\"").contains("failures=\"1\"");
  }

  @Test
  void theSameRunWithALimitThatHoldsPasses(@TempDir Path tmp) throws Exception {
    Subprocess.Result r = smoke(tmp, "-Dllm.assert.ttftP95Ms=60000", "-Dllm.assert.errorRatePct=100");

    assertThat(r.exit()).as("./mvnw exit code; log:\n%s", r.tail()).isZero();
    assertThat(r.log()).doesNotContain("LLM run verdict: FAILED");
    String junit = Files.readString(CallsFile.onlyRunDir(tmp.resolve("runs")).resolve("llm-junit.xml"));
    assertThat(junit).contains("tests=\"2\"").contains("failures=\"0\"");
  }

  /** ./mvnw -B -q gatling:test of SmokeSimulation with its run folder in tmp, plus {@code assertions}. */
  private static Subprocess.Result smoke(Path tmp, String... assertions) throws Exception {
    List<String> command = new ArrayList<>(List.of("./mvnw", "-B", "-q", "gatling:test",
        "-Dgatling.simulationClass=io.llmload.simulations.SmokeSimulation", "-Dgatling.noReports=true",
        "-Dllm.outputDir=" + tmp.resolve("runs"), "-Dllm.reportsDir=" + tmp.resolve("reports"), "-Dllm.archive=false",
        "-Dsim.mode=fixed", "-Dsim.ttftMs=50", "-Dsim.itlMs=5"));
    command.addAll(List.of(assertions));
    return Subprocess.run(command, tmp, TIMEOUT_S);
  }
}
