package io.llmload.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every setting of the suite, in one place: the single-valued keys (the ones README.md's property tables
 * list; SettingKeysTest holds the two together) and the families with free parts, llm.slo.*,
 * llm.assert.* and llm.regression.*, whose names {@link FamilyGrammar} checks. Only keys under
 * {@link #OURS} are judged; gatling.*, java.*, user.*, maven.* and the like belong to others.
 *
 * <p>The environment rule: a single-valued llm.* key can also be set as its environment twin
 * ({@link Settings#envName}: llm.thinkMinSeconds → LLM_THINK_MIN_SECONDS), the -D value winning. The
 * families and the sim.*, compare.* and merge.* keys are read from -D only: a family's free part has
 * no unambiguous environment spelling, and only LLM_* variables are ours to judge.
 */
public final class SettingKeys {
  /** The prefixes whose keys are ours; any other key is never judged. */
  public static final List<String> OURS = List.of("llm.", "sim.", "compare.", "merge.");
  /** The prefix of the environment variables that are ours. */
  public static final String ENV_PREFIX = "LLM_";

  /** Every single-valued key, grouped as the README tables list them. */
  public static final Set<String> KEYS = keys(
      // the run (README "Settings")
      "llm.baseUrl", "llm.replicaBalance", "llm.model", "llm.apiKey", "llm.allowInsecureKey", "llm.endpoint", "llm.users", "llm.injection", "llm.rampSeconds",
      "llm.holdSeconds", "llm.agentMix", "llm.input.min", "llm.input.max", "llm.output.min", "llm.output.max",
      "llm.agent.input", "llm.agent.output", "llm.thinkMinSeconds", "llm.thinkMaxSeconds", "llm.agentChain",
      "llm.temperature", "llm.topP", "llm.forceOutputLength", "llm.encoding", "llm.sharedPrefixTokens", "llm.seed",
      "llm.timeoutSeconds", "llm.maxCallSeconds", "llm.warmupCalls", "llm.warmupPerUser", "llm.warmConnections", "llm.explainRefusals", "llm.drainMillis",
      "llm.sseBufferSize", "llm.label", "llm.outputDir", "llm.reportsDir", "llm.archive", "llm.gatlingResultsDir",
      "llm.metricsUrl", "llm.metricsPeriodSeconds", "llm.clientPauseMs", "llm.gpuMetricsUrl",
      "llm.gpuMetricsFile", "llm.baseline", "llm.workload", "llm.tokenizer",
      // several injectors (README "Several injectors")
      "llm.shard", "llm.runId", "llm.startAt",
      // conversation datasets (README "Conversation datasets")
      "llm.dataset.file", "llm.dataset.forceOutput", "llm.dataset.conversations", "llm.dataset.minInputTokens",
      "llm.dataset.maxInputTokens", "llm.dataset.minOutputTokens", "llm.dataset.maxOutputTokens",
      // when calls are sent (README "Arrivals, concurrency cap and trace replay")
      "llm.arrival", "llm.rate", "llm.burstiness", "llm.maxConcurrency", "llm.trace.file",
      "llm.trace.format", "llm.trace.speedup", "llm.trace.startS", "llm.trace.durationS", "llm.trace.limit",
      "llm.trace.rateScale",
      // the capacity sweep
      "llm.sweep.mode", "llm.sweep.workload", "llm.sweep.levels", "llm.sweep.start", "llm.sweep.factor",
      "llm.sweep.max", "llm.sweep.settleSeconds", "llm.sweep.holdSeconds", "llm.sweep.maxErrorRate",
      "llm.sweep.earlyStop", "llm.sweep.stop.attainment", "llm.sweep.stop.errorRate",
      "llm.sweep.stop.throughputDrop", "llm.sweep.stop.minCalls",
      // the server matrix (docs/matrix.md)
      "llm.matrix", "llm.matrix.dryRun",
      // the embedded simulator (README "The embedded simulator")
      "sim.mode", "sim.profile", "sim.model", "sim.ttftMs", "sim.itlMs", "sim.maxNumSeqs", "sim.maxNumBatchedTokens",
      "sim.kvCacheTokens", "sim.maxModelLen", "sim.reasoningTokens", "sim.meanOutputTokens",
      "sim.messageOverheadTokens", "sim.faults", "sim.stallSeconds", "sim.retryAfterSeconds", "sim.seed",
      "sim.apiKey", "sim.port", "sim.gpus", "sim.gpuIdleW", "sim.gpuWattsPerSeq", "sim.gpuMaxW", "sim.gpuEnergyCounter",
      // comparing runs (README "Comparing runs and the regression gate")
      "compare.runs", "compare.out", "compare.junit", "compare.resamples", "compare.seed",
      // merging the run folders of several injectors (README "Several injectors")
      "merge.runs", "merge.out", "merge.allowMissing");

  /** The families: each key under one of these prefixes is checked by {@link FamilyGrammar}. */
  public static final List<String> FAMILIES = List.of(FamilyGrammar.SLO, FamilyGrammar.ASSERT, FamilyGrammar.REGRESSION);

  private SettingKeys() {
  }

  private static Set<String> keys(String... keys) {
    Set<String> out = new LinkedHashSet<>(List.of(keys));
    if (out.size() != keys.length) {
      throw new IllegalStateException("a key is listed twice");
    }
    return java.util.Collections.unmodifiableSet(out);
  }

  /** True for a key this suite judges (llm.*, sim.*, compare.*, merge.*). */
  public static boolean isOurs(String key) {
    return OURS.stream().anyMatch(key::startsWith);
  }

  /** The family prefix {@code key} falls under, or null. */
  public static String familyOf(String key) {
    return FAMILIES.stream().filter(key::startsWith).findFirst().orElse(null);
  }

  /** True when {@code key} may also be set in the environment (see the class comment). */
  public static boolean hasEnvironmentTwin(String key) {
    return key.startsWith("llm.") && KEYS.contains(key);
  }

  /** The environment variables that are read: the twins of the single-valued llm.* keys. */
  public static List<String> environmentNames() {
    List<String> out = new ArrayList<>();
    for (String key : KEYS) {
      if (hasEnvironmentTwin(key)) {
        out.add(Settings.envName(key));
      }
    }
    return out;
  }

  /** The single-valued llm.* key whose environment twin is {@code name}, or null. */
  public static String keyOfEnvironment(String name) {
    for (String key : KEYS) {
      if (hasEnvironmentTwin(key) && Settings.envName(key).equals(name)) {
        return key;
      }
    }
    return null;
  }
}
