package io.llmload.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The names the open-ended families accept, as metrics.SloPolicy, verdict.RunAssertions and
 * verdict.RegressionThresholds read them (SettingKeysTest checks that they agree):
 * <ul>
 *   <li>llm.slo.&lt;metric&gt;, llm.slo.&lt;group&gt;.&lt;metric&gt; (metric ttftMs, tpotMs or e2eMs) and
 *       llm.slo.percentile;</li>
 *   <li>llm.assert.[&lt;group&gt;.]&lt;name&gt;, name &lt;ttft|ttfo|e2e|tpot|itl&gt;&lt;P50|P90|P95|P99|Max|Mean&gt;Ms,
 *       errorRatePct, goodputMin, sloAttainmentPct, throughputMin or requestsPerSecMin;</li>
 *   <li>llm.regression.&lt;name&gt;, name &lt;ttft|ttfo|tpot|e2e|itl&gt;&lt;P50|P95|P99&gt;Pct, throughputPct,
 *       requestThroughputPct or errorRatePct.</li>
 * </ul>
 * A group is one of the run summary's: overall (assertions only: an SLO without a group already applies
 * to every call), single, agent, agent_step_N, or a journey tag (a sweep's level_N, settle).
 */
public final class FamilyGrammar {
  public static final String SLO = "llm.slo.";
  public static final String ASSERT = "llm.assert.";
  public static final String REGRESSION = "llm.regression.";

  static final List<String> SLO_METRICS = List.of("ttftMs", "tpotMs", "e2eMs");
  static final List<String> FIXED_GROUPS = List.of("overall", "single", "agent", "settle");
  private static final Pattern NUMBERED_GROUP = Pattern.compile("agent_step_[1-9][0-9]*|level_[0-9]+(\\.[0-9]+)?(E-?[0-9]+)?");
  private static final String[] LATENCIES = {"ttft", "ttfo", "e2e", "tpot", "itl"};

  private FamilyGrammar() {
  }

  /** Every name llm.assert.[&lt;group&gt;.] accepts. */
  public static List<String> assertionNames() {
    List<String> out = new ArrayList<>();
    for (String metric : LATENCIES) {
      for (String stat : List.of("P50", "P90", "P95", "P99", "Max", "Mean")) {
        out.add(metric + stat + "Ms");
      }
    }
    out.addAll(List.of("errorRatePct", "goodputMin", "sloAttainmentPct", "throughputMin", "requestsPerSecMin"));
    return out;
  }

  /** Every name llm.regression. accepts. */
  public static List<String> regressionNames() {
    List<String> out = new ArrayList<>();
    for (String metric : List.of("ttft", "ttfo", "tpot", "e2e", "itl")) {
      for (String stat : List.of("P50", "P95", "P99")) {
        out.add(metric + stat + "Pct");
      }
    }
    out.addAll(List.of("throughputPct", "requestThroughputPct", "errorRatePct"));
    return out;
  }

  static boolean isGroup(String group, boolean overallAllowed) {
    return (FIXED_GROUPS.contains(group) && (overallAllowed || !group.equals("overall")))
        || NUMBERED_GROUP.matcher(group).matches();
  }

  /**
   * Null when {@code key} (under one of the family prefixes) is well formed; else what is wrong, with
   * the nearest valid key when one is close.
   */
  public static String problem(String key) {
    if (key.startsWith(REGRESSION)) {
      String name = key.substring(REGRESSION.length());
      return regressionNames().contains(name) ? null
          : unknown(key, REGRESSION, nearest(name, regressionNames()), "a regression threshold: "
              + REGRESSION + "<ttft|ttfo|tpot|e2e|itl><P50|P95|P99>Pct, throughputPct, requestThroughputPct or errorRatePct");
    }
    boolean slo = key.startsWith(SLO);
    String prefix = slo ? SLO : ASSERT;
    String rest = key.substring(prefix.length());
    if (slo && rest.equals("percentile")) {
      return null;
    }
    int dot = rest.lastIndexOf('.');
    String group = dot < 0 ? null : rest.substring(0, dot);
    String name = dot < 0 ? rest : rest.substring(dot + 1);
    List<String> names = slo ? withPercentile(group) : assertionNames();
    String what = slo ? "an SLO: " + SLO + "[<group>.]<ttftMs|tpotMs|e2eMs> or " + SLO + "percentile"
        : "an assertion: " + ASSERT + "[<group>.]<ttft|ttfo|e2e|tpot|itl><P50|P90|P95|P99|Max|Mean>Ms,"
        + " errorRatePct, goodputMin, sloAttainmentPct, throughputMin or requestsPerSecMin";
    boolean nameOk = names.contains(name);
    boolean groupOk = group == null || isGroup(group, !slo);
    if (nameOk && groupOk) {
      return null;
    }
    String fixedName = nameOk ? name : nearest(name, names);
    // an SLO without a group applies to every call: llm.slo.overall.ttftMs is llm.slo.ttftMs
    String fixedGroup = groupOk || (slo && group.equals("overall")) ? group : nearest(group, groupCandidates(!slo));
    String suggestion;
    if (fixedName == null || (group != null && fixedGroup == null)) {
      suggestion = null;
    } else {
      suggestion = group == null || (slo && fixedGroup.equals("overall")) ? fixedName : fixedGroup + "." + fixedName;
    }
    String groups = " (group: " + (slo ? "" : "overall, ") + "single, agent, agent_step_N or a sweep's level_N)";
    return unknown(key, prefix, suggestion, what + groups);
  }

  private static List<String> withPercentile(String group) {
    List<String> out = new ArrayList<>(SLO_METRICS);
    if (group == null) {
      out.add("percentile");
    }
    return out;
  }

  private static List<String> groupCandidates(boolean overallAllowed) {
    List<String> out = new ArrayList<>();
    for (String g : FIXED_GROUPS) {
      if (overallAllowed || !g.equals("overall")) {
        out.add(g);
      }
    }
    for (int i = 1; i <= 9; i++) {
      out.add("agent_step_" + i);
    }
    return out;
  }

  private static String nearest(String name, List<String> candidates) {
    return DidYouMean.nearest(name, candidates);
  }

  private static String unknown(String key, String prefix, String suggestion, String what) {
    return key + " is not " + what + (suggestion == null ? "" : "; did you mean -D" + prefix + suggestion + "?");
  }
}
