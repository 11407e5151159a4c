package io.llmload.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.verdict.RegressionThresholds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jenkins is not run here, so this keeps the Jenkinsfile, the script it calls and docs/jenkins.md from
 * drifting apart: every option the job passes is one the script accepts, every variable it expands is a
 * parameter (or set by the job), every gate name is a real threshold, and every parameter is documented.
 */
class JenkinsfileTest {
  private static final Path JENKINSFILE = Path.of("Jenkinsfile");
  /** Set by Jenkins or by the Jenkinsfile itself (environment block, env.CI_BASELINE), not parameters. */
  private static final Set<String> NOT_PARAMETERS = Set.of("OUT", "PREVIOUS", "CI_BASELINE", "BUILD_NUMBER");

  @Test
  void theJobPassesOnlyWhatTheScriptAcceptsAndOnlyDeclaredParameters() throws Exception {
    String jenkinsfile = Files.readString(JENKINSFILE);
    String shell = scriptBlock(jenkinsfile);
    assertThat(shell).contains("set +x").contains("./scripts/ci-compare.sh");

    String help = scriptHelp();
    Set<String> options = all(Pattern.compile("(--[a-z][a-z0-9-]+)"), shell);
    assertThat(options).contains("--baseline", "--out", "--regression", "--slo-percentile");
    for (String option : options) {
      assertThat(help).as("scripts/ci-compare.sh --help lists %s", option).contains("  " + option + " ");
    }

    Set<String> parameters = all(Pattern.compile("name: '([A-Z0-9_]+)'"), jenkinsfile);
    assertThat(parameters).contains("BASE_URL", "MODEL", "USERS", "LABEL", "SLO_TTFT_MS", "SLO_PERCENTILE",
        "BASELINE", "REGRESSION_TTFT_P95_PCT", "CREDENTIALS_ID");
    for (String variable : all(Pattern.compile("\\$([A-Z0-9_]+)"), shell)) {
      if (!NOT_PARAMETERS.contains(variable)) {
        assertThat(parameters).as("$%s in the shell block is a declared parameter", variable).contains(variable);
      }
    }
    // the key is only ever bound by withCredentials, never a parameter or written on a command line;
    // its id is a credentials parameter (Jenkins checks the user's right to it), not free text
    assertThat(jenkinsfile).contains("string(credentialsId: params.CREDENTIALS_ID, variable: 'LLM_API_KEY')");
    assertThat(jenkinsfile).containsPattern("credentials\\(name: 'CREDENTIALS_ID', credentialType: "
        + "'org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl'")
        .doesNotContainPattern("string\\(name: 'CREDENTIALS_ID'");
    assertThat(shell).doesNotContain("$LLM_API_KEY").doesNotContain("${LLM_API_KEY").doesNotContain("llm.apiKey");
  }

  /**
   * The job's own shell block, run as Jenkins runs it (sh -xe, parameters as environment variables, the
   * baseline copied by Copy Artifact with its paths kept) with CI_COMPARE_DRY_RUN=1: the script prints the
   * Maven commands instead of running them, so each parameter can be seen to land where it should.
   */
  @Test
  void theJobsShellBlockBecomesTheDocumentedMavenCommands(@TempDir Path tmp) throws Exception {
    Path previousRun = Files.createDirectories(tmp.resolve("previous-build/reports/ci/candidate/20260101-000000-nightly-b41"));
    Files.writeString(previousRun.resolve("llm-summary.json"), "{}");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OUT", tmp.resolve("reports/ci").toString());
    env.put("CI_BASELINE", tmp.resolve("previous-build").toString());
    env.put("BUILD_NUMBER", "42");
    env.put("BASE_URL", "http://127.0.0.1:9");
    env.put("MODEL", "Qwen/Qwen3-Next-80B-A3B-Instruct");
    env.put("SIMULATION", "Mixed");
    env.put("USERS", "200");
    env.put("LABEL", "nightly");
    env.put("EXTRA_OPTS", "-Dllm.injection=closed -Dllm.holdSeconds=120");
    env.put("SLO_TTFT_MS", "2000");
    env.put("SLO_TPOT_MS", "");
    env.put("SLO_E2E_MS", "90000");
    env.put("SLO_PERCENTILE", "99");
    env.put("REGRESSION_TTFT_P95_PCT", "10");
    env.put("REGRESSION_TPOT_P95_PCT", "12");
    env.put("REGRESSION_E2E_P95_PCT", "10");
    env.put("REGRESSION_ITL_P95_PCT", "");
    env.put("REGRESSION_ERROR_RATE_PCT", "1");
    env.put("REGRESSION_THROUGHPUT_PCT", "5");
    env.put("LLM_API_KEY", "sk-test-not-a-real-key-7731");
    env.put("CI_COMPARE_DRY_RUN", "1");

    ProcessBuilder pb = new ProcessBuilder("sh", "-xe", "-c", scriptBlock(Files.readString(JENKINSFILE)))
        .redirectErrorStream(true).redirectOutput(tmp.resolve("job.log").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("LLM_") || k.equals("OPENAI_API_KEY"));
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the job's shell block did not finish in 60 s");
    }
    String log = Files.readString(tmp.resolve("job.log"));
    assertThat(p.exitValue()).as(log).isZero();
    assertThat(log).doesNotContain("sk-test-not-a-real-key-7731");

    List<String> commands = log.lines().filter(l -> l.startsWith("./mvnw ")).toList();
    assertThat(commands).as(log).hasSize(2); // a baseline was found: no baseline run, one run, one compare
    String run = commands.get(0);
    assertThat(run).startsWith("./mvnw -B -q gatling:test ")
        .contains("-Dgatling.simulationClass=io.llmload.simulations.MixedWorkloadSimulation",
            "-Dllm.baseUrl=http://127.0.0.1:9", "-Dllm.model=Qwen/Qwen3-Next-80B-A3B-Instruct", "-Dllm.users=200",
            "-Dllm.seed=42", "-Dllm.slo.percentile=99", "-Dllm.slo.ttftMs=2000", "-Dllm.slo.e2eMs=90000",
            "-Dllm.assert.ttftP99Ms=2000", "-Dllm.assert.e2eP99Ms=90000",
            "-Dllm.injection=closed", "-Dllm.holdSeconds=120", "-Dllm.label=nightly-b42",
            "-Dllm.reportsDir=" + tmp.resolve("reports/ci/candidate"))
        .doesNotContain("tpot").doesNotContain("llm.regression").doesNotContain("llm.baseline");
    String compare = commands.get(1);
    assertThat(compare).startsWith("./mvnw -B -q compile exec:java@compare ")
        .contains("-Dcompare.runs=" + previousRun, "-Dcompare.out=" + tmp.resolve("reports/ci"),
            "-Dllm.regression.ttftP95Pct=10", "-Dllm.regression.tpotP95Pct=12", "-Dllm.regression.e2eP95Pct=10",
            "-Dllm.regression.errorRatePct=1", "-Dllm.regression.throughputPct=5")
        .doesNotContain("itlP95Pct");
  }

  @Test
  void everyGateNameTheJobUsesIsARegressionThreshold() throws Exception {
    Set<String> names = all(Pattern.compile("--regression \"([A-Za-z0-9]+)="), scriptBlock(Files.readString(JENKINSFILE)));
    assertThat(names).hasSize(6);
    for (String name : names) {
      assertThat(RegressionThresholds.KNOWN).as("regression threshold %s", name).containsKey(name);
    }
  }

  @Test
  void docsListEveryParameterOfTheJob() throws Exception {
    String docs = Files.readString(Path.of("docs", "jenkins.md"));
    for (String parameter : all(Pattern.compile("name: '([A-Z0-9_]+)'"), Files.readString(JENKINSFILE))) {
      assertThat(docs).as("docs/jenkins.md documents %s", parameter).contains("`" + parameter + "`");
    }
    assertThat(Files.readString(Path.of("README.md"))).contains("## Jenkins").contains("(docs/jenkins.md)");
  }

  /** The shell script the job runs: the text of the sh step that calls scripts/ci-compare.sh. */
  private static String scriptBlock(String jenkinsfile) {
    Matcher m = Pattern.compile("script: '''(.*?)'''", Pattern.DOTALL).matcher(jenkinsfile);
    while (m.find()) {
      if (m.group(1).contains("ci-compare.sh")) {
        return m.group(1);
      }
    }
    throw new AssertionError("no sh step calling scripts/ci-compare.sh in the Jenkinsfile");
  }

  private static String scriptHelp() throws Exception {
    Path out = Files.createTempFile("ci-compare-help", ".txt");
    try {
      Process p = new ProcessBuilder("bash", "scripts/ci-compare.sh", "--help").redirectErrorStream(true)
          .redirectOutput(out.toFile()).start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("scripts/ci-compare.sh --help did not finish in 30 s");
      }
      assertThat(p.exitValue()).isZero();
      return Files.readString(out, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static Set<String> all(Pattern pattern, String text) {
    Set<String> found = new LinkedHashSet<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }
}
