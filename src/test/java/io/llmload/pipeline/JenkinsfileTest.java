package io.llmload.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.compare.RegressionThresholds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

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
    // the key is only ever bound by withCredentials, never a parameter or written on a command line
    assertThat(jenkinsfile).contains("string(credentialsId: params.CREDENTIALS_ID, variable: 'LLM_API_KEY')");
    assertThat(shell).doesNotContain("$LLM_API_KEY").doesNotContain("${LLM_API_KEY").doesNotContain("llm.apiKey");
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
