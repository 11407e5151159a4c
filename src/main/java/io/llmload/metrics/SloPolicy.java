package io.llmload.metrics;

import io.llmload.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Service-level objectives: -Dllm.slo.ttftMs, llm.slo.tpotMs, llm.slo.e2eMs for every call, and
 * llm.slo.&lt;group&gt;.ttftMs (e.g. llm.slo.agent_step_5.e2eMs, llm.slo.single.ttftMs) for one group,
 * which wins over the global value. A call meets the SLOs when it is ok and every objective that
 * applies to it holds; a failed call never does (DistServe's goodput).
 */
public final class SloPolicy {
  public static final String PREFIX = "llm.slo.";
  private static final String[] METRICS = {"ttftMs", "tpotMs", "e2eMs"};

  /** group ("" = every call) → metric → limit. */
  private final Map<String, Map<String, Double>> limits;
  private final double percentile;

  private SloPolicy(Map<String, Map<String, Double>> limits, double percentile) {
    this.limits = limits;
    this.percentile = percentile;
  }

  public static SloPolicy none() {
    return new SloPolicy(Map.of(), 95);
  }

  /** Reads every llm.slo.* entry; unknown names are an error that lists the known ones. */
  public static SloPolicy read(Map<String, String> properties) {
    Map<String, Map<String, Double>> limits = new TreeMap<>();
    double percentile = 95;
    for (Map.Entry<String, String> e : new TreeMap<>(properties).entrySet()) {
      if (!e.getKey().startsWith(PREFIX)) {
        continue;
      }
      String rest = e.getKey().substring(PREFIX.length());
      if (rest.equals("percentile")) {
        percentile = number(e.getKey(), e.getValue());
        if (!(percentile > 0 && percentile <= 100)) { // NaN too
          throw new ConfigException(e.getKey() + "=" + e.getValue() + " must be in (0, 100], e.g. -Dllm.slo.percentile=95");
        }
        continue;
      }
      int dot = rest.lastIndexOf('.');
      String group = dot < 0 ? "" : rest.substring(0, dot);
      String metric = dot < 0 ? rest : rest.substring(dot + 1);
      if (!java.util.Arrays.asList(METRICS).contains(metric)) {
        throw new ConfigException(e.getKey() + " is not an SLO; use llm.slo.ttftMs, llm.slo.tpotMs, llm.slo.e2eMs,"
            + " llm.slo.<group>.<one of those> (group: single, agent, agent_step_1..5) or llm.slo.percentile");
      }
      double limit = number(e.getKey(), e.getValue());
      if (!(limit > 0 && Double.isFinite(limit))) { // NaN too
        throw new ConfigException(e.getKey() + "=" + e.getValue() + " must be a positive, finite number of milliseconds");
      }
      limits.computeIfAbsent(group, g -> new LinkedHashMap<>()).put(metric, limit);
    }
    return new SloPolicy(limits, percentile);
  }

  private static double number(String key, String value) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException ex) {
      throw new ConfigException(key + "=" + value + " is not a number; give milliseconds, e.g. -D" + key + "=2000");
    }
  }

  public boolean active() {
    return !limits.isEmpty();
  }

  public double percentile() {
    return percentile;
  }

  /** The objectives that apply to a group: its own over the global ones. */
  public Map<String, Double> limitsFor(String group) {
    Map<String, Double> out = new LinkedHashMap<>(limits.getOrDefault("", Map.of()));
    out.putAll(limits.getOrDefault(group, Map.of()));
    return out;
  }

  /** The objectives for one call: global, then its scenario's, then its step's. */
  public Map<String, Double> limitsFor(CallResult r) {
    Map<String, Double> out = new LinkedHashMap<>(limits.getOrDefault("", Map.of()));
    out.putAll(limits.getOrDefault(r.spec().scenario(), Map.of()));
    if (r.spec().step() > 0) {
      out.putAll(limits.getOrDefault("agent_step_" + r.spec().step(), Map.of()));
    }
    if (r.spec().groupTag() != null) {
      out.putAll(limits.getOrDefault(r.spec().groupTag(), Map.of()));
    }
    return out;
  }

  /** Ok, and every objective that applies holds. */
  public boolean meets(CallResult r) {
    if (!r.ok()) {
      return false;
    }
    for (Map.Entry<String, Double> limit : limitsFor(r).entrySet()) {
      Double value = switch (limit.getKey()) {
        case "ttftMs" -> r.ttftMs() == null ? null : r.ttftMs().doubleValue();
        case "tpotMs" -> r.tpotMs();
        case "e2eMs" -> r.e2eMs() == null ? null : r.e2eMs().doubleValue();
        default -> null;
      };
      if (value != null && value > limit.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** The configured objectives, for the summary. */
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    limits.forEach((group, m) -> out.put(group.isEmpty() ? "all" : group, m));
    return out;
  }
}
