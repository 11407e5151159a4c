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
    Path merged = Files.createDirectories(tmp.resolve("merged/20260101-000000-m"));
    Files.writeString(merged.resolve("llm-summary.json"), "{}");
    Subprocess.Result freshBaseline = runScript(tmp, 30, "--candidate", tmp.resolve("merged").toString(),
        "--out", tmp.resolve("o3").toString());
    assertThat(freshBaseline.exit()).isEqualTo(3);
    assertThat(freshBaseline.log()).contains("--candidate needs --baseline DIR or none");
    Subprocess.Result noCandidate = runScript(tmp, 30, "--candidate", noRun.toString(), "--baseline", "none",
        "--out", tmp.resolve("o4").toString());
    assertThat(noCandidate.exit()).isEqualTo(3);
    assertThat(noCandidate.log()).contains("--candidate " + noRun + ": expected one run folder").contains("found 0");
    assertThat(unknown.log() + notEmpty.log() + noBaseline.log() + badGate.log() + freshBaseline.log()
        + noCandidate.log()).doesNotContain("run '");
  }

  /**
   * A user option cannot fake the gate (-Dcompare.runs=X,X would compare a run with itself) or redirect
   * the runs, and a key on the command line is refused without being echoed; for the keys the script
   * sets from its own options, the script's value is the last -D of the command, so it wins.
   */
  @Test
  void userOptionsCannotOverrideTheScriptsOwnKeysNorCarryTheApiKey(@TempDir Path tmp) throws Exception {
    Map<String, String> refused = new LinkedHashMap<>();
    refused.put("-Dcompare.runs=/tmp/a,/tmp/a", "compare.runs");
    refused.put("-Dcompare.out=/tmp/x", "compare.out");
    refused.put("-Dcompare.junit=/tmp/x.xml", "compare.junit");
    refused.put("-Dllm.baseUrl=http://127.0.0.1:9", "--base-url");
    refused.put("-Dllm.label=x", "--label");
    refused.put("-Dllm.reportsDir=/tmp/x", "--out");
    refused.put("-Dgatling.simulationClass=x.Y", "--simulation");
    refused.put("-Dllm.apiKey=sk-cmdline-secret-5150", "LLM_API_KEY");
    int i = 0;
    for (Map.Entry<String, String> e : refused.entrySet()) {
      for (String where : List.of("--", "--candidate-opt", "--baseline-opt")) {
        List<String> args = new ArrayList<>(List.of("--dry-run", "--out", tmp.resolve("o" + i++).toString()));
        args.addAll(List.of(where, e.getKey()));
        Subprocess.Result r = runScript(tmp, 30, args.toArray(String[]::new));
        String key = e.getKey().substring(2, e.getKey().indexOf('='));
        assertThat(r.exit()).as("%s %s; log:\n%s", where, e.getKey(), r.log()).isEqualTo(3);
        assertThat(r.log()).contains("-D" + key + " is not accepted here").contains(e.getValue())
            .doesNotContain("sk-cmdline-secret-5150").doesNotContain("./mvnw");
      }
    }

    Subprocess.Result ok = runScript(tmp, 30, "--dry-run", "--out", tmp.resolve("ok").toString(), "--users", "5",
        "--seed", "7", "--slo-ttft-ms", "2000", "--regression", "ttftP95Pct=10",
        "--", "-Dllm.users=999", "-Dllm.seed=1", "-Dllm.slo.ttftMs=99999", "-Dllm.regression.ttftP95Pct=1000");
    assertThat(ok.exit()).as(ok.log()).isZero();
    List<String> commands = ok.log().lines().filter(l -> l.startsWith("./mvnw ")).toList();
    assertThat(commands).as(ok.log()).hasSize(3);
    assertThat(lastValue(commands.get(0), "llm.users")).isEqualTo("5");
    assertThat(lastValue(commands.get(0), "llm.seed")).isEqualTo("500007");
    assertThat(lastValue(commands.get(1), "llm.seed")).isEqualTo("7");
    assertThat(lastValue(commands.get(1), "llm.slo.ttftMs")).isEqualTo("2000");
    assertThat(lastValue(commands.get(2), "llm.regression.ttftP95Pct")).isEqualTo("10");
    assertThat(commands.get(2)).endsWith("-Dcompare.junit=" + tmp.resolve("ok/compare-junit.xml"));
  }

  /** The value of the last -Dkey=… in a printed command (the one Maven and the JVM keep). */
  private static String lastValue(String command, String key) {
    String marker = "-D" + key + "=";
    int at = command.lastIndexOf(marker);
    assertThat(at).as("%s in %s", key, command).isNotNegative();
    String rest = command.substring(at + marker.length());
    int end = rest.indexOf(' ');
    return end < 0 ? rest : rest.substring(0, end);
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
