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
 * Jenkinsfile.sharded, held to the script and the docs as JenkinsfileTest holds the Jenkinsfile: N injectors as
 * parallel branches on N agents, each stashing the run folder it wrote, a merge of exactly those folders, and the
 * merged run gated by scripts/ci-compare.sh as a single run is. The shell blocks are run with the script in
 * dry-run mode, so each parameter can be seen to land in the Maven command.
 */
class ShardedJenkinsfileTest {
  private static final Path FILE = Path.of("Jenkinsfile.sharded");
  /** Set by Jenkins or by the file itself, not parameters. */
  private static final Set<String> NOT_PARAMETERS = Set.of("OUT", "PREVIOUS", "SHARD_OUT", "CI_BASELINE",
      "BUILD_NUMBER", "RUN_ID", "SHARD", "SHARD_INDEX", "SLO_PCT");

  @Test
  void injectorsRunInParallelOnTheirAgentsAndTheMergeReadsWhatTheyStashed() throws Exception {
    String file = Files.readString(FILE);
    assertThat(file).contains("parallel branches").contains("node(params.INJECTOR_LABEL)")
        .contains("for (int i = 0; i < shards; i++)")
        .contains("withEnv([\"SHARD=${index}/${shards}\", \"SHARD_INDEX=${index}\"])")
        .contains("stash(name: \"shard-${index}\", includes: \"${env.SHARD_OUT}/candidate/**\"")
        .contains("unstash(\"shard-${i}\")");
    // the injector's run is archived under $SHARD_OUT/candidate (ci-compare.sh's candidate folder), which is
    // what is stashed and what the merge reads; the merged run is where the next build's baseline is copied from
    String injector = block(file, "--baseline none");
    assertThat(injector).contains("--out \"$SHARD_OUT\"");
    String merge = block(file, "exec:java@merge");
    assertThat(merge).contains("-Dmerge.runs=\"$SHARD_OUT/candidate\"").contains("-Dmerge.out=\"$OUT/candidate\"");
    String gate = block(file, "--candidate \"$OUT");
    assertThat(gate).contains("--candidate \"$OUT/candidate\"").contains("--baseline \"$CI_BASELINE\"");
    assertThat(file).contains("OUT = 'reports/ci'").contains("filter: 'reports/ci/candidate/**'");
  }

  @Test
  void everyBlockPassesOnlyWhatTheScriptAcceptsAndOnlyDeclaredParameters() throws Exception {
    String file = Files.readString(FILE);
    Set<String> parameters = all(Pattern.compile("name: '([A-Z0-9_]+)'"), file);
    assertThat(parameters).contains("SHARDS", "INJECTOR_LABEL", "BASE_URL", "CREDENTIALS_ID", "BASELINE");
    String help = scriptHelp();
    for (String shell : blocks(file)) {
      if (shell.contains("ci-compare.sh")) {
        for (String option : all(Pattern.compile("(--[a-z][a-z0-9-]+)"), shell)) {
          assertThat(help).as("scripts/ci-compare.sh --help lists %s", option).contains("  " + option + " ");
        }
      }
      for (String variable : all(Pattern.compile("\\$\\{?([A-Z0-9_]+)"), shell)) {
        if (!NOT_PARAMETERS.contains(variable)) {
          assertThat(parameters).as("$%s in a shell block is a declared parameter", variable).contains(variable);
        }
      }
      assertThat(shell).as("every block that runs Maven hides its commands").contains("set +x")
          .doesNotContain("$LLM_API_KEY").doesNotContain("${LLM_API_KEY").doesNotContain("llm.apiKey");
    }
    assertThat(file).contains("withCredentials([string(credentialsId: params.CREDENTIALS_ID, variable: 'LLM_API_KEY')])");
    Set<String> gates = all(Pattern.compile("--regression \"([A-Za-z0-9]+)="), file);
    assertThat(gates).hasSize(6);
    for (String name : gates) {
      assertThat(RegressionThresholds.KNOWN).as("regression threshold %s", name).containsKey(name);
    }
  }

  @Test
  void anInjectorRunsItsShardOfTheBuildsRun(@TempDir Path tmp) throws Exception {
    Map<String, String> env = params(tmp);
    env.put("SHARD", "1/3");
    env.put("SHARD_INDEX", "1");
    String log = runBlock(block(Files.readString(FILE), "--baseline none"), env, tmp);
    List<String> commands = log.lines().filter(l -> l.startsWith("./mvnw ")).toList();
    assertThat(commands).as(log).hasSize(1); // one run, no compare
    assertThat(commands.get(0)).startsWith("./mvnw -B -q gatling:test ")
        .contains("-Dllm.shard=1/3", "-Dllm.runId=llm-sharded-7", "-Dllm.seed=7", "-Dllm.users=600",
            "-Dllm.baseUrl=http://127.0.0.1:9\\,http://127.0.0.2:9", "-Dllm.label=nightly-sharded-b7-s1",
            "-Dllm.injection=closed", "-Dllm.reportsDir=" + tmp.resolve("shard-out/candidate"),
            "-Dgatling.simulationClass=io.llmload.simulations.MixedWorkloadSimulation")
        .doesNotContain("llm.assert").doesNotContain("llm.regression");
  }

  @Test
  void theMergedRunIsComparedAndGatedAsASingleRunIs(@TempDir Path tmp) throws Exception {
    Path baseline = Files.createDirectories(tmp.resolve("previous-build/reports/ci/candidate/20260101-000000-m"));
    Files.writeString(baseline.resolve("llm-summary.json"), "{}");
    Path merged = Files.createDirectories(tmp.resolve("reports/ci/candidate/20260102-000000-m"));
    Files.writeString(merged.resolve("llm-summary.json"), "{}");
    Map<String, String> env = params(tmp);
    env.put("CI_BASELINE", tmp.resolve("previous-build").toString());
    String log = runBlock(block(Files.readString(FILE), "--candidate \"$OUT"), env, tmp);
    List<String> commands = log.lines().filter(l -> l.startsWith("./mvnw ")).toList();
    assertThat(commands).as(log).hasSize(1); // the compare only: the candidate is the merged run
    assertThat(commands.get(0)).startsWith("./mvnw -B -q compile exec:java@compare ")
        .contains("-Dcompare.runs=" + baseline + "\\," + merged, "-Dllm.regression.ttftP95Pct=10",
            "-Dllm.regression.tpotP95Pct=12", "-Dllm.regression.errorRatePct=1", "-Dllm.regression.throughputPct=5")
        .doesNotContain("itlP95Pct");
  }

  @Test
  void docsListEveryParameterOfTheShardedJob() throws Exception {
    String docs = Files.readString(Path.of("docs", "jenkins.md"));
    assertThat(docs).contains("## Sharded job");
    for (String parameter : all(Pattern.compile("name: '([A-Z0-9_]+)'"), Files.readString(FILE))) {
      assertThat(docs).as("docs/jenkins.md documents %s", parameter).contains("`" + parameter + "`");
    }
  }

  /** The job's parameters as Jenkins hands them to a shell block, the script in dry-run mode. */
  private static Map<String, String> params(Path tmp) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OUT", tmp.resolve("reports/ci").toString());
    env.put("SHARD_OUT", tmp.resolve("shard-out").toString());
    env.put("BUILD_NUMBER", "7");
    env.put("RUN_ID", "llm-sharded-7");
    env.put("BASE_URL", "http://127.0.0.1:9,http://127.0.0.2:9");
    env.put("MODEL", "");
    env.put("SIMULATION", "Mixed");
    env.put("USERS", "600");
    env.put("LABEL", "nightly-sharded");
    env.put("EXTRA_OPTS", "-Dllm.injection=closed");
    env.put("REGRESSION_TTFT_P95_PCT", "10");
    env.put("REGRESSION_TPOT_P95_PCT", "12");
    env.put("REGRESSION_E2E_P95_PCT", "");
    env.put("REGRESSION_ITL_P95_PCT", "");
    env.put("REGRESSION_ERROR_RATE_PCT", "1");
    env.put("REGRESSION_THROUGHPUT_PCT", "5");
    env.put("LLM_API_KEY", "sk-test-not-a-real-key-5521");
    env.put("CI_COMPARE_DRY_RUN", "1");
    return env;
  }

  /** Runs a shell block as Jenkins does (sh -xe) from the repository; returns its log (key never in it). */
  private static String runBlock(String shell, Map<String, String> env, Path tmp) throws Exception {
    Path log = tmp.resolve("job.log");
    ProcessBuilder pb = new ProcessBuilder("sh", "-xe", "-c", shell).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("LLM_") || k.equals("OPENAI_API_KEY"));
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the shell block did not finish in 60 s");
    }
    String text = Files.readString(log);
    assertThat(p.exitValue()).as(text).isZero();
    assertThat(text).doesNotContain("sk-test-not-a-real-key-5521");
    return text;
  }

  private static List<String> blocks(String file) {
    Matcher m = Pattern.compile("script: '''(.*?)'''", Pattern.DOTALL).matcher(file);
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static String block(String file, String marker) {
    return blocks(file).stream().filter(b -> b.contains(marker)).findFirst()
        .orElseThrow(() -> new AssertionError("no sh block with " + marker + " in " + FILE));
  }

  private static String scriptHelp() throws Exception {
    Process p = new ProcessBuilder("bash", "scripts/ci-compare.sh", "--help").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    return out;
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
