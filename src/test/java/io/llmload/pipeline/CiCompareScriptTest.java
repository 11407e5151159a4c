package io.llmload.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmload.testing.Slow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * Runs scripts/ci-compare.sh — the commands docs/jenkins.md documents and the Jenkinsfile calls — as a
 * subprocess, end to end through {@code ./mvnw}, against the embedded simulator: this proves the documented
 * commands work. Every subprocess is bounded; on timeout its whole process tree (Maven, the forked
 * Gatling JVMs) is killed.
 */
class CiCompareScriptTest {
  private static final Path SCRIPT = Path.of("scripts", "ci-compare.sh");
  private static final long END_TO_END_TIMEOUT_S = 480;

  /**
   * Baseline: fixed schedule, 5 ms between tokens; candidate: 15 ms (an injected slowdown). The gate on
   * TPOT, ITL and E2E fails the build (exit 1) while the candidate's SLO assertion passes, and every file
   * the Jenkinsfile archives, publishes and feeds to junit is where ci-compare.env says.
   */
  @Test
  @Slow
  void theScriptRunsBaselineAndCandidateAndItsGateFailsOnAnInjectedSlowdown(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("ci");
    Subprocess.Result r = runScript(tmp, END_TO_END_TIMEOUT_S,
        "--out", out.toString(), "--simulation", "Smoke", "--users", "30", "--label", "slowdown", "--seed", "7",
        "--slo-e2e-ms", "60000", "--slo-percentile", "95",
        "--regression", "tpotP95Pct=10", "--regression", "itlP95Pct=10", "--regression", "e2eP95Pct=10",
        "--regression", "ttftP95Pct=", // an empty CI parameter: not gated
        "--baseline-opt", "-Dsim.itlMs=5", "--candidate-opt", "-Dsim.itlMs=15",
        "--step-timeout", "240",
        "--", "-Dsim.mode=fixed", "-Dsim.ttftMs=50", "-Dllm.agentMix=0", "-Dllm.rampSeconds=2",
        "-Dllm.input.min=100", "-Dllm.input.max=200", "-Dllm.output.min=20", "-Dllm.output.max=60",
        "-Dllm.metricsPeriodSeconds=1");

    assertThat(r.exit()).as("exit code; log:\n%s", r.tail()).isEqualTo(1);
    assertThat(r.log()).contains("ci-compare: FAIL: the regression gate failed");

    Map<String, String> env = readEnv(out.resolve("ci-compare.env"));
    assertThat(env).containsEntry("RESULT", "1");
    Path baseline = Path.of(env.get("BASELINE_RUN"));
    Path candidate = Path.of(env.get("CANDIDATE_RUN"));
    assertThat(baseline.getParent()).isEqualTo(out.resolve("baseline"));
    assertThat(candidate.getParent()).isEqualTo(out.resolve("candidate"));
    assertThat(baseline.getFileName().toString()).endsWith("-slowdown-baseline");
    assertThat(candidate.getFileName().toString()).endsWith("-slowdown");
    for (Path run : List.of(baseline, candidate)) {
      for (String file : List.of("llm-report.html", "llm-summary.json", "llm-calls.csv", "llm-itl.csv", "index.html")) {
        assertThat(run.resolve(file)).as("archived %s", run.getFileName()).isRegularFile();
      }
    }
    // a new seed per run: the baseline never sends the candidate's prompts
    assertThat(PipelineRuns.readJson(candidate.resolve("llm-summary.json")).path("config").path("llm.seed").asText())
        .isEqualTo("7");
    assertThat(PipelineRuns.readJson(baseline.resolve("llm-summary.json")).path("config").path("llm.seed").asText())
        .isEqualTo("500007");
    // SLO assertions only on the candidate: its llm-junit.xml has the E2E p95 check, passed
    assertThat(baseline.resolve("llm-junit.xml")).doesNotExist();
    Document sloXml = xml(candidate.resolve("llm-junit.xml"));
    assertThat(sloXml.getDocumentElement().getAttribute("failures")).isEqualTo("0");
    assertThat(Integer.parseInt(sloXml.getDocumentElement().getAttribute("tests"))).isPositive();

    // the comparison: the slowdown is reported, significant, in the right direction
    assertThat(Path.of(env.get("COMPARE_HTML"))).isRegularFile();
    JsonNode json = PipelineRuns.readJson(Path.of(env.get("COMPARE_JSON")));
    JsonNode comparison = json.path("comparisons").get(0);
    assertThat(comparison.path("baseline").path("label").asText()).isEqualTo("slowdown-baseline");
    assertThat(comparison.path("run").path("label").asText()).isEqualTo("slowdown");
    assertThat(comparison.path("comparable").asBoolean()).isTrue();
    PipelineRuns.Comparison c = new PipelineRuns.Comparison(1, "", "", json);
    for (String metric : List.of("tpot", "itl", "e2e")) {
      assertThat(c.verdict(metric, "p50")).as(metric + " p50").isEqualTo("worse");
      assertThat(c.verdict(metric, "p95")).as(metric + " p95").isEqualTo("worse");
    }
    // 5 → 15 ms per token: TPOT about triples
    assertThat(c.figure("tpot", "p50").path("delta_pct").asDouble()).isBetween(100.0, 300.0);

    // the gate: three thresholds (the empty one skipped), all failed, as JUnit XML for Jenkins
    assertThat(json.path("gate").path("passed").asBoolean()).isFalse();
    Document gateXml = xml(Path.of(env.get("COMPARE_JUNIT")));
    assertThat(gateXml.getDocumentElement().getAttribute("tests")).isEqualTo("3");
    assertThat(gateXml.getDocumentElement().getAttribute("failures")).isEqualTo("3");
    assertThat(r.log()).contains("Regression gate vs baseline slowdown-baseline: 3 of 3 checks failed");
  }

  @Test
  void badUsageStopsBeforeAnyRunWithExitThree(@TempDir Path tmp) throws Exception {
    Subprocess.Result unknown = runScript(tmp, 30, "--frobnicate");
    assertThat(unknown.exit()).isEqualTo(3);
    assertThat(unknown.log()).contains("unknown option '--frobnicate'");

    Path used = Files.createDirectories(tmp.resolve("used"));
    Files.writeString(used.resolve("older-run.txt"), "keep me");
    Subprocess.Result notEmpty = runScript(tmp, 30, "--out", used.toString());
    assertThat(notEmpty.exit()).isEqualTo(3);
    assertThat(notEmpty.log()).contains("is not empty");
    assertThat(used.resolve("older-run.txt")).hasContent("keep me");

    Path noRun = Files.createDirectories(tmp.resolve("previous-build"));
    Subprocess.Result noBaseline = runScript(tmp, 30, "--baseline", noRun.toString(), "--out", tmp.resolve("o").toString());
    assertThat(noBaseline.exit()).isEqualTo(3);
    assertThat(noBaseline.log()).contains("expected one run folder").contains("found 0");

    Subprocess.Result badGate = runScript(tmp, 30, "--regression", "ttftP95Pct", "--out", tmp.resolve("o2").toString());
    assertThat(badGate.exit()).isEqualTo(3);
    assertThat(badGate.log()).contains("use NAME=LIMIT");
    assertThat(unknown.log() + notEmpty.log() + noBaseline.log() + badGate.log()).doesNotContain("run '");
  }

  // ---------------------------------------------------------------------------------------------------

  /** bash scripts/ci-compare.sh args…, from the project folder, stdout and stderr in one log file. */
  private static Subprocess.Result runScript(Path tmp, long timeoutSeconds, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    return Subprocess.run(command, tmp, timeoutSeconds);
  }

  private static Map<String, String> readEnv(Path file) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return env;
  }

  private static Document xml(Path file) throws Exception {
    assertThat(file).isRegularFile();
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }
}
