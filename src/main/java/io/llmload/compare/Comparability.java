package io.llmload.compare;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether two runs ran the same workload against the same model, and if not, what differs. Comparing
 * latencies of runs with different users, token sizes or think times says nothing about the server, so
 * such a comparison is still shown but flagged NOT comparable.
 *
 * @param differences one line per differing setting, e.g. "llm.users: 200 (base) vs 100 (new)"; empty when comparable
 */
public record Comparability(List<String> differences) {

  /**
   * The summary.config keys that define the workload (see config.LlmConfig). Everything else — label,
   * baseUrl, seed, reportsDir, metrics scraping, timeouts, warmup, buffer sizes — may differ between
   * comparable runs. The model is compared separately from run.target.model.
   */
  public static final List<String> WORKLOAD_KEYS = List.of(
      "llm.users",
      "llm.injection",
      "llm.rampSeconds",
      "llm.holdSeconds",
      "llm.agentMix",
      "llm.input.min",
      "llm.input.max",
      "llm.output.min",
      "llm.output.max",
      "llm.agent.input",
      "llm.agent.output",
      "llm.thinkMinSeconds",
      "llm.thinkMaxSeconds",
      "llm.agentChain",
      "llm.endpoint",
      "llm.forceOutputLength",
      "llm.sharedPrefixTokens",
      "llm.encoding");

  public boolean comparable() {
    return differences.isEmpty();
  }

  public static Comparability of(RunData baseline, RunData other) {
    return of(baseline.label(), baseline.config(), baseline.model(), other.label(), other.config(), other.model());
  }

  public static Comparability of(String baseLabel, Map<String, String> baseConfig, String baseModel,
                                 String otherLabel, Map<String, String> otherConfig, String otherModel) {
    List<String> diffs = new ArrayList<>();
    if (!sameValue(baseModel, otherModel)) {
      diffs.add(line("model (run.target.model)", baseModel, baseLabel, otherModel, otherLabel));
    }
    for (String key : WORKLOAD_KEYS) {
      String a = lookup(baseConfig, key);
      String b = lookup(otherConfig, key);
      if (!sameValue(a, b)) {
        diffs.add(line(key, a, baseLabel, b, otherLabel));
      }
    }
    return new Comparability(List.copyOf(diffs));
  }

  /** "llm.users", or "users" when a summary wrote the keys without the prefix. */
  private static String lookup(Map<String, String> config, String key) {
    String v = config.get(key);
    return v != null ? v : config.get(key.substring("llm.".length()));
  }

  private static String line(String key, String a, String aLabel, String b, String bLabel) {
    return key + ": " + show(a) + " (" + aLabel + ") vs " + show(b) + " (" + bLabel + ")";
  }

  private static String show(String v) {
    return v == null ? "(not recorded)" : v;
  }

  /** Numbers compare by value (20 = 20.0), other text ignoring case and blanks. */
  static boolean sameValue(String a, String b) {
    if (a == null || b == null) {
      return Objects.equals(a, b);
    }
    String x = a.replaceAll("\\s+", "");
    String y = b.replaceAll("\\s+", "");
    try {
      return new BigDecimal(x).compareTo(new BigDecimal(y)) == 0;
    } catch (NumberFormatException e) {
      return x.equalsIgnoreCase(y);
    }
  }
}
