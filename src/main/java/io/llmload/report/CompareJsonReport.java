package io.llmload.report;

import io.llmload.compare.Change;
import io.llmload.compare.FigureResult;
import io.llmload.compare.GroupComparator;
import io.llmload.compare.Metric;
import io.llmload.compare.RunComparison;
import io.llmload.compare.RunData;
import io.llmload.compare.Stat;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.llmload.verdict.Check;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * compare-&lt;labels&gt;.json: the same comparison as the Markdown table and the HTML page, for scripts and
 * CI (read a verdict without parsing a table). Layout, schema 1:
 *
 * <pre>
 * { "schema": 1, "resamples": 2000, "seed": 42,
 *   "comparisons": [ { "baseline": {"label", "dir"}, "run": {"label", "dir"},
 *       "comparable": true, "differences": [ "llm.users: 50 (A) vs 80 (B)" ],
 *       "groups": { "overall": { "baseline_calls", "run_calls",
 *           "figures": [ { "figure": "TTFT p95", "metric": "ttft", "stat": "p95", "unit": "ms",
 *                          "baseline", "run", "delta", "delta_pct", "ci_low", "ci_high",
 *                          "ci_low_pct", "ci_high_pct", "verdict": "worse",
 *                          "baseline_samples", "run_samples" } ] } } } ],
 *   "gate": null | { "passed": false, "checks": [ { "name", "passed", "message", "observed", "threshold" } ] } }
 * </pre>
 *
 * {@code metric} is {@link Metric}'s name in lower case ({@code ttft}, {@code ttfo}, {@code tpot}, {@code e2e},
 * {@code itl}, {@code call_output_tokens_per_s}, {@code request_throughput}, {@code output_throughput},
 * {@code error_rate}); {@code stat} is {@code p50}, {@code p95}, {@code p99} or {@code value}; {@code verdict} is
 * {@code better}, {@code worse}, {@code no_significant_change} or {@code insufficient_data}. Deltas are run −
 * baseline; a value that cannot be computed is null.
 */
public final class CompareJsonReport {
  public static final int SCHEMA = 1;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private CompareJsonReport() {
  }

  /**
   * @param gateChecks the regression gate's checks, or null when no threshold was set
   */
  public static String render(List<RunComparison> comparisons, GroupComparator comparator, List<Check> gateChecks) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema", SCHEMA);
    root.put("resamples", comparator.resamples());
    root.put("seed", comparator.seed());
    List<Object> list = new ArrayList<>();
    for (RunComparison c : comparisons) {
      list.add(comparison(c));
    }
    root.put("comparisons", list);
    root.put("gate", gateChecks == null ? null : gate(gateChecks));
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "ttft", "call_output_tokens_per_s": the machine name of a metric. */
  public static String metricKey(Metric metric) {
    return metric.name().toLowerCase(Locale.ROOT);
  }

  /** "p95", or "value" for run-level figures. */
  public static String statKey(Stat stat) {
    return stat == Stat.VALUE ? "value" : stat.label();
  }

  /** "worse", "no_significant_change". */
  public static String verdictKey(Change change) {
    return change.name().toLowerCase(Locale.ROOT);
  }

  static Map<String, Object> comparison(RunComparison c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("baseline", run(c.baseline()));
    m.put("run", run(c.current()));
    m.put("comparable", c.comparability().comparable());
    m.put("differences", c.comparability().differences());
    Map<String, Object> groups = new LinkedHashMap<>();
    for (String g : c.groups()) {
      Map<String, Object> group = new LinkedHashMap<>();
      group.put("baseline_calls", c.baseline().group(g).calls());
      group.put("run_calls", c.current().group(g).calls());
      List<Object> figures = new ArrayList<>();
      for (FigureResult f : c.figures(g)) {
        figures.add(figure(f));
      }
      group.put("figures", figures);
      groups.put(g, group);
    }
    m.put("groups", groups);
    if (!c.energy().isEmpty()) {
      Map<String, Object> energy = new LinkedHashMap<>();
      for (io.llmload.compare.EnergyComparison e : c.energy()) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("baseline", finite(e.baseline()));
        f.put("run", finite(e.current()));
        f.put("delta", finite(e.delta()));
        f.put("delta_pct", finite(e.deltaPct()));
        f.put("lower_is_better", e.lowerIsBetter());
        energy.put(e.key(), f);
      }
      energy.put("note", io.llmload.compare.EnergyComparison.NOTE);
      m.put("gpu_energy", energy);
    }
    return m;
  }

  private static Map<String, Object> run(RunData r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("label", r.label());
    m.put("dir", r.dir() == null ? null : r.dir().toString());
    return m;
  }

  private static Map<String, Object> figure(FigureResult f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("figure", f.figureName());
    m.put("metric", metricKey(f.metric()));
    m.put("stat", statKey(f.stat()));
    m.put("unit", f.metric().unit());
    m.put("baseline", finite(f.baseline()));
    m.put("run", finite(f.current()));
    m.put("delta", finite(f.delta()));
    m.put("delta_pct", finite(f.deltaPct()));
    m.put("ci_low", finite(f.ciLow()));
    m.put("ci_high", finite(f.ciHigh()));
    m.put("ci_low_pct", finite(f.ciLowPct()));
    m.put("ci_high_pct", finite(f.ciHighPct()));
    m.put("verdict", verdictKey(f.change()));
    m.put("baseline_samples", f.baselineSamples());
    m.put("run_samples", f.currentSamples());
    return m;
  }

  /** JSON has no NaN or infinity: a value that is not a finite number is written as null. */
  private static Double finite(Double v) {
    return v == null || !Double.isFinite(v) ? null : v;
  }

  private static Map<String, Object> gate(List<Check> checks) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("passed", checks.stream().allMatch(Check::passed));
    List<Object> list = new ArrayList<>();
    for (Check c : checks) {
      Map<String, Object> check = new LinkedHashMap<>();
      check.put("name", c.name());
      check.put("passed", c.passed());
      check.put("message", c.message());
      check.put("observed", finite(c.observed()));
      check.put("threshold", finite(c.threshold()));
      list.add(check);
    }
    m.put("checks", list);
    return m;
  }
}
