package io.llmload.report;

import io.llmload.run.CallRow;
import io.llmload.metrics.Numbers;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data behind every chart of llm-report.html, as plain maps serialized into the page. Each chart
 * is {@code {id, title, kind, xLabel, yLabel, x, series:[{label, values}], note}} or, when its input
 * is absent, {@code {id, title, nodata: "why"}}. Series are bounded ({@link #MAX_POINTS}) so a
 * 10,000-call run stays light: time series widen their buckets, scatters keep an even stride.
 */
public final class ChartData {
  public static final int MAX_POINTS = 2000;
  static final String[] PERCENTILES = {"p50", "p90", "p95", "p99"};

  private ChartData() {
  }

  public static List<Map<String, Object>> all(JsonNode summary, ChartInputs data) {
    List<Map<String, Object>> charts = new ArrayList<>();
    List<String> groups = ReportGroups.withCalls(summary.path("groups"));
    charts.add(percentileBars("ttft_by_group", "TTFT percentiles per scenario and agent step", "TTFT (ms)",
        summary.path("groups"), groups, "ttft_ms"));
    charts.add(percentileBars("e2e_by_group", "E2E latency percentiles per scenario and agent step", "E2E (ms)",
        summary.path("groups"), groups, "e2e_ms"));
    charts.add(itlHistogram(data));
    charts.add(tpotHistogram(data.calls));
    charts.add(ttftVsInput(data.calls));
    charts.addAll(Timeline.charts(data));
    charts.addAll(GpuSection.charts(data.gpu));
    return charts;
  }

  static Map<String, Object> chart(String id, String title, String kind, String xLabel, String yLabel) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("id", id);
    c.put("title", title);
    c.put("kind", kind);
    c.put("xLabel", xLabel);
    c.put("yLabel", yLabel);
    return c;
  }

  static Map<String, Object> noData(String id, String title, String why) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("id", id);
    c.put("title", title);
    c.put("nodata", why);
    return c;
  }

  static Map<String, Object> series(String label, Object values) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("label", label);
    s.put("values", values);
    return s;
  }

  /** Grouped bars: one category per group, one bar per percentile, straight from llm-summary.json. */
  static Map<String, Object> percentileBars(String id, String title, String yLabel, JsonNode groupsNode,
      List<String> groups, String metric) {
    List<String> categories = new ArrayList<>();
    for (String g : groups) {
      if (groupsNode.path(g).path(metric).isObject()) {
        categories.add(g);
      }
    }
    boolean any = false;
    List<Object> series = new ArrayList<>();
    for (String p : PERCENTILES) {
      List<Double> values = new ArrayList<>();
      for (String g : categories) {
        JsonNode v = groupsNode.path(g).path(metric).path(p);
        values.add(v.isNumber() ? v.asDouble() : null);
        any |= v.isNumber();
      }
      series.add(series(p, values));
    }
    if (!any) {
      return noData(id, title, "llm-summary.json has no " + metric + " percentiles in any group");
    }
    Map<String, Object> c = chart(id, title, "groupedBars", "group", yLabel);
    c.put("categories", categories);
    c.put("series", series);
    return c;
  }

  /** Pooled ITL gaps (llm-itl.csv) as a histogram, percent of all gaps per bin. */
  static Map<String, Object> itlHistogram(ChartInputs data) {
    String id = "itl_hist";
    String title = "ITL distribution (gaps between token-bearing events, all calls pooled)";
    if (data.itlCounts == null) {
      return noData(id, title, "llm-itl.csv is absent from the run folder");
    }
    if (data.itlGapTotal == 0) {
      return noData(id, title, "llm-itl.csv holds no gaps (no ok call streamed two token events)");
    }
    long[] counts = data.itlCounts;
    long total = data.itlGapTotal;
    int upper = 0;
    long seen = 0;
    long cut = (long) Math.ceil(total * 0.999);
    for (int g = 0; g < counts.length; g++) {
      seen += counts[g];
      if (seen >= cut) {
        upper = g;
        break;
      }
    }
    int width = upper < 150 ? 1 : (int) Math.ceil((upper + 1) / 120.0);
    int bins = upper / width + 1;
    double[] x = new double[bins];
    double[] pct = new double[bins];
    long overflow = 0;
    for (int g = 0; g < counts.length; g++) {
      if (counts[g] == 0) {
        continue;
      }
      int b = g / width;
      if (b >= bins) {
        b = bins - 1;
        overflow += counts[g];
      }
      pct[b] += counts[g];
    }
    for (int b = 0; b < bins; b++) {
      x[b] = (double) b * width;
      pct[b] = round(100.0 * pct[b] / total, 4);
    }
    Map<String, Object> c = chart(id, title, "histogram", "gap (ms), bin width " + width + " ms", "% of gaps");
    c.put("x", x);
    c.put("binWidth", width);
    c.put("series", List.of(series("ITL gaps", pct)));
    c.put("note", total + " gaps" + (overflow > 0
        ? "; the last bar also holds the " + overflow + " gaps longer than " + ((bins - 1) * width + width - 1) + " ms"
        : ""));
    return c;
  }

  /** Per-call TPOT (the tpot_ms column of ok calls) as a histogram, percent of calls per bin. */
  static Map<String, Object> tpotHistogram(List<CallRow> calls) {
    String id = "tpot_hist";
    String title = "TPOT distribution (one value per call)";
    double[] values = calls.stream().filter(CallRow::ok).map(CallRow::tpotMs)
        .filter(v -> v != null).mapToDouble(Double::doubleValue).sorted().toArray();
    if (values.length == 0) {
      return noData(id, title, calls.isEmpty() ? "llm-calls.csv is absent or empty"
          : "no ok call has a tpot_ms value (fewer than 2 output tokens)");
    }
    double lo = Math.floor(values[0]);
    double hi = values[Math.max(0, (int) Math.ceil(values.length * 0.995) - 1)];
    int bins = 60;
    double width = Math.max(0.001, niceStep((hi - lo) / bins));
    bins = (int) Math.floor((hi - lo) / width) + 1;
    double[] x = new double[bins];
    double[] pct = new double[bins];
    int overflow = 0;
    for (double v : values) {
      int b = (int) Math.floor((v - lo) / width);
      if (b >= bins) {
        b = bins - 1;
        overflow++;
      }
      pct[Math.max(0, b)]++;
    }
    for (int b = 0; b < bins; b++) {
      x[b] = round(lo + b * width, 3);
      pct[b] = round(100.0 * pct[b] / values.length, 4);
    }
    Map<String, Object> c = chart(id, title, "histogram", "TPOT (ms), bin width " + Numbers.rounded(width, 3) + " ms",
        "% of calls");
    c.put("x", x);
    c.put("binWidth", width);
    c.put("series", List.of(series("calls", pct)));
    c.put("note", values.length + " ok calls" + (overflow > 0
        ? "; the last bar also holds the " + overflow + " calls above " + Numbers.rounded(lo + bins * width, 3) + " ms" : ""));
    return c;
  }

  /** One point per call (x input tokens, y TTFT), a series per scenario, at most MAX_POINTS each. */
  static Map<String, Object> ttftVsInput(List<CallRow> calls) {
    String id = "ttft_vs_input";
    String title = "TTFT against input length (one point per call)";
    Map<String, List<double[]>> byScenario = new TreeMap<>();
    for (CallRow c : calls) {
      if (c.ttftMs() != null && c.inputTokens() != null) {
        byScenario.computeIfAbsent(c.scenario().isEmpty() ? "(none)" : c.scenario(), k -> new ArrayList<>())
            .add(new double[] {c.inputTokens(), c.ttftMs()});
      }
    }
    if (byScenario.isEmpty()) {
      return noData(id, title, calls.isEmpty() ? "llm-calls.csv is absent or empty"
          : "no call reached its first token");
    }
    int total = 0;
    int shown = 0;
    List<String> names = new ArrayList<>(byScenario.keySet());
    List<double[]> points = new ArrayList<>(); // {x, y, seriesIndex}
    for (int s = 0; s < names.size(); s++) {
      List<double[]> pts = byScenario.get(names.get(s));
      total += pts.size();
      for (double[] p : strided(pts, MAX_POINTS)) {
        points.add(new double[] {p[0], p[1], s});
        shown++;
      }
    }
    points.sort((a, b) -> Double.compare(a[0], b[0]));
    double[] x = new double[points.size()];
    List<Object> series = new ArrayList<>();
    Double[][] ys = new Double[names.size()][points.size()];
    for (int i = 0; i < points.size(); i++) {
      double[] p = points.get(i);
      x[i] = p[0];
      ys[(int) p[2]][i] = p[1];
    }
    for (int s = 0; s < names.size(); s++) {
      series.add(series(names.get(s), Arrays.asList(ys[s])));
    }
    Map<String, Object> c = chart(id, title, "scatter", "input tokens", "TTFT (ms)");
    c.put("x", x);
    c.put("series", series);
    c.put("note", shown == total ? total + " calls" : shown + " of " + total + " calls shown (even stride per scenario)");
    return c;
  }

  /** At most {@code max} items, evenly spaced, first and order kept. */
  static <T> List<T> strided(List<T> items, int max) {
    if (items.size() <= max) {
      return items;
    }
    List<T> out = new ArrayList<>(max);
    double step = (double) items.size() / max;
    for (int i = 0; i < max; i++) {
      out.add(items.get((int) Math.floor(i * step)));
    }
    return out;
  }

  static double niceStep(double raw) {
    if (raw <= 0) {
      return 0.001;
    }
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (raw <= m * mag) {
        return m * mag;
      }
    }
    return 10 * mag;
  }

  static double round(double v, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }
}
