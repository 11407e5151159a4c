package io.llmload.verdict;

import io.llmload.compare.Metric;
import io.llmload.compare.Stat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The regression limits, read from {@code -Dllm.regression.<name>=<number>}:
 * <ul>
 *   <li>{@code ttftP95Pct=10}: fail when TTFT p95 rose by more than 10% (also P50/P99, and for ttfo,
 *       tpot, e2e, itl: e.g. {@code tpotP95Pct}, {@code e2eP99Pct}, {@code itlP95Pct});</li>
 *   <li>{@code throughputPct=5}: fail when output-token throughput dropped by more than 5%;</li>
 *   <li>{@code requestThroughputPct=5}: likewise for requests per second;</li>
 *   <li>{@code errorRatePct=1}: fail when the error rate rose by more than 1 percentage point.</li>
 * </ul>
 * Unknown names are an error (a typo must not silently disable a gate).
 *
 * @param limits threshold name (without the prefix) → limit, in {@link #KNOWN} order
 */
public record RegressionThresholds(Map<String, Double> limits) {
  public static final String PREFIX = "llm.regression.";

  /** A threshold name and the figure it limits. */
  public record Limit(String name, Metric metric, Stat stat) {
  }

  /** Every accepted name, in display order. */
  public static final Map<String, Limit> KNOWN = known();

  private static Map<String, Limit> known() {
    Map<String, Limit> m = new LinkedHashMap<>();
    String[] names = {"ttft", "ttfo", "tpot", "e2e", "itl"};
    Metric[] metrics = {Metric.TTFT, Metric.TTFO, Metric.TPOT, Metric.E2E, Metric.ITL};
    for (int i = 0; i < names.length; i++) {
      for (Stat s : Stat.PERCENTILES) {
        String name = names[i] + s.label().toUpperCase() + "Pct";
        m.put(name, new Limit(name, metrics[i], s));
      }
    }
    m.put("throughputPct", new Limit("throughputPct", Metric.OUTPUT_THROUGHPUT, Stat.VALUE));
    m.put("requestThroughputPct", new Limit("requestThroughputPct", Metric.REQUEST_THROUGHPUT, Stat.VALUE));
    m.put("errorRatePct", new Limit("errorRatePct", Metric.ERROR_RATE, Stat.VALUE));
    return Collections.unmodifiableMap(m);
  }

  public RegressionThresholds {
    limits = Collections.unmodifiableMap(new LinkedHashMap<>(limits));
  }

  public boolean isEmpty() {
    return limits.isEmpty();
  }

  /**
   * Picks the {@code llm.regression.*} entries of a property map (other keys are ignored, so
   * System.getProperties() can be passed whole).
   *
   * @throws IllegalArgumentException naming every unknown threshold or bad value
   */
  public static RegressionThresholds fromProperties(Map<String, String> properties) {
    Map<String, Double> given = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> e : new TreeMap<>(properties).entrySet()) {
      if (!e.getKey().startsWith(PREFIX)) {
        continue;
      }
      String name = e.getKey().substring(PREFIX.length());
      if (!KNOWN.containsKey(name)) {
        problems.add("unknown threshold -D" + e.getKey());
        continue;
      }
      String raw = e.getValue() == null ? "" : e.getValue().trim();
      try {
        double v = Double.parseDouble(raw);
        if (!(v >= 0) || Double.isInfinite(v)) {
          throw new NumberFormatException();
        }
        given.put(name, v);
      } catch (NumberFormatException ex) {
        problems.add("-D" + e.getKey() + "=" + raw + " is not a number >= 0");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems) + ". Known thresholds: "
          + String.join(", ", KNOWN.keySet().stream().map(k -> PREFIX + k).toList()));
    }
    Map<String, Double> limits = new LinkedHashMap<>();
    for (String name : KNOWN.keySet()) {
      if (given.containsKey(name)) {
        limits.put(name, given.get(name));
      }
    }
    return new RegressionThresholds(limits);
  }
}
