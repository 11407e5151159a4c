package io.llmload.report;

import io.llmload.metrics.Numbers;
import io.llmload.compare.ClusteredSample;
import io.llmload.compare.FigureResult;
import io.llmload.compare.GroupComparator;
import io.llmload.compare.GroupSamples;
import io.llmload.compare.Metric;
import io.llmload.compare.RunComparison;
import io.llmload.compare.RunData;
import io.llmload.compare.SortedSample;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A self-contained HTML page (inline CSS and SVG, no script, no network): the not-comparable warning in
 * red at the top, throughput against p95 TTFT (one point per run), the comparison tables, and overlaid
 * CDFs per group and metric (one curve per run; log-scaled x when the values span more than 20×).
 */
public final class CompareHtmlReport {
  static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2"};
  private static final Svg.Frame FRAME = new Svg.Frame(420, 260, 56, 12, 26, 40, 12);
  private static final int CDF_POINTS = 200;
  private static final List<Metric> CDF_METRICS = List.of(Metric.TTFT, Metric.TTFO, Metric.TPOT, Metric.E2E,
      Metric.ITL, Metric.CALL_OUTPUT_TOKENS_PER_S);

  private CompareHtmlReport() {
  }

  public static String render(List<RunData> runs, List<RunComparison> comparisons, GroupComparator comparator) {
    StringBuilder sb = new StringBuilder();
    String title = "Compare: " + String.join(" vs ", runs.stream().map(RunData::label).toList());
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(Html.esc(title))
        .append("</title>\n<style>")
        .append("body{font-family:system-ui,sans-serif;margin:24px;color:#222}")
        .append("table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}")
        .append("td.n{text-align:right;font-variant-numeric:tabular-nums}")
        .append(".warn{border:2px solid #c00;background:#fee;color:#900;padding:10px 14px;margin:12px 0}")
        .append(".worse{color:#b00;font-weight:bold}.better{color:#080;font-weight:bold}.insufficient{color:#888}")
        .append(".charts{display:flex;flex-wrap:wrap;gap:8px}svg{background:#fff;border:1px solid #ddd}")
        .append(".legend span{display:inline-block;margin-right:14px}")
        .append("</style></head><body>\n");
    sb.append("<h1>").append(Html.esc(title)).append("</h1>\n");
    for (RunComparison c : comparisons) {
      if (!c.comparability().comparable()) {
        sb.append("<div class=\"warn\"><strong>NOT comparable: ").append(Html.esc(c.current().label()))
            .append(" vs baseline ").append(Html.esc(c.baseline().label()))
            .append("</strong> — the runs differ in workload or model, so differences below may not be the server's:<ul>");
        for (String d : c.comparability().differences()) {
          sb.append("<li>").append(Html.esc(d)).append("</li>");
        }
        sb.append("</ul></div>\n");
      }
    }
    sb.append("<p>Baseline: <strong>").append(Html.esc(runs.get(0).label())).append("</strong>. Δ = run − baseline. ")
        .append("95% confidence intervals of Δ from a seeded percentile bootstrap (").append(comparator.resamples())
        .append(" resamples, seed ").append(comparator.seed()).append("; ITL resampled by call; throughput by time block); ")
        .append("error rate: Newcombe interval, Δ in percentage points. A verdict is given only when the interval excludes 0.</p>\n");
    sb.append(legend(runs));
    sb.append("<h2>Throughput vs p95 TTFT (overall)</h2>\n").append(scatter(runs));
    sb.append(sweeps(runs));
    for (RunComparison c : comparisons) {
      sb.append("<h2>").append(Html.esc(c.current().label())).append(" vs baseline ").append(Html.esc(c.baseline().label()))
          .append("</h2>\n");
      for (String g : c.groups()) {
        sb.append("<h3>").append(Html.esc(g)).append(" (").append(c.baseline().group(g).calls()).append(" vs ")
            .append(c.current().group(g).calls()).append(" calls)</h3>\n");
        sb.append(table(c.figures(g)));
      }
      sb.append(energyTable(c.energy()));
    }
    sb.append("<h2>Distributions (CDF)</h2>\n");
    for (String g : runs.get(0).groupNames()) {
      List<GroupSamples> samples = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      for (RunData r : runs) {
        samples.add(r.group(g));
        labels.add(r.label());
      }
      sb.append("<h3>").append(Html.esc(g)).append("</h3>\n<div class=\"charts\">\n");
      for (Metric m : CDF_METRICS) {
        sb.append(cdf(g + " " + m.label() + " (" + m.unit() + ")", m, samples));
      }
      sb.append("</div>\n");
    }
    sb.append("</body></html>\n");
    return sb.toString();
  }

  /**
   * When every run is a capacity sweep (has sweep-summary.json): all deployments' throughput-latency
   * curves on one chart per latency, and each run's knee. Empty otherwise.
   */
  public static String sweeps(List<RunData> runs) {
    List<SweepChart.Series> series = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      JsonNode sweep = SweepChart.read(runs.get(i).dir());
      if (sweep == null) {
        return "";
      }
      series.add(new SweepChart.Series(runs.get(i).label(), color(i), sweep));
    }
    StringBuilder sb = new StringBuilder("<h2 id=\"sweep-compare\">Capacity sweeps: throughput against latency</h2>\n");
    sb.append("<div class=\"charts\">").append(SweepChart.curve("ttft_ms", series))
        .append(SweepChart.curve("tpot_ms", series)).append("</div>\n");
    sb.append("<table><tr><th>run</th><th>knee</th><th>verdict</th></tr>\n");
    for (SweepChart.Series s : series) {
      JsonNode knee = s.sweep().path("knee");
      sb.append("<tr><td>").append(Html.esc(s.label())).append("</td><td class=\"n\">")
          .append(knee.path("level").isNumber() ? Html.esc(knee.path("level").asText()) : "—").append("</td><td>")
          .append(Html.esc(knee.path("message").asText(""))).append("</td></tr>\n");
    }
    return sb.append("</table>\n").toString();
  }

  private static String legend(List<RunData> runs) {
    StringBuilder sb = new StringBuilder("<p class=\"legend\">");
    for (int i = 0; i < runs.size(); i++) {
      sb.append("<span><svg width=\"22\" height=\"10\" style=\"border:0\"><rect width=\"22\" height=\"10\" fill=\"")
          .append(color(i)).append("\"/></svg> ").append(Html.esc(runs.get(i).label())).append(i == 0 ? " (baseline)" : "")
          .append("</span>");
    }
    return sb.append("</p>\n").toString();
  }

  /** The GPU energy figures side by side (no interval: one figure per run); empty without any. */
  static String energyTable(List<io.llmload.compare.EnergyComparison> rows) {
    if (rows.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("<h3>GPU energy</h3>\n<p>")
        .append(Html.esc(io.llmload.compare.EnergyComparison.NOTE)).append("</p>\n")
        .append("<table class=\"gpu-energy\"><tr><th>figure</th><th>baseline</th><th>run</th><th>Δ</th><th>Δ%</th></tr>\n");
    for (io.llmload.compare.EnergyComparison e : rows) {
      sb.append("<tr><td>").append(Html.esc(e.label())).append("</td><td class=\"n\">").append(Numbers.threeDigits(e.baseline()))
          .append("</td><td class=\"n\">").append(Numbers.threeDigits(e.current())).append("</td><td class=\"n\">")
          .append(Numbers.signedThreeDigits(e.delta())).append("</td><td class=\"n\">")
          .append(Numbers.signedPercent(e.deltaPct())).append("</td></tr>\n");
    }
    return sb.append("</table>\n").toString();
  }

  static String table(List<FigureResult> figures) {
    StringBuilder sb = new StringBuilder("<table><tr><th>metric</th><th>baseline</th><th>run</th><th>Δ</th><th>Δ%</th>"
        + "<th>95% CI</th><th>verdict</th></tr>\n");
    for (FigureResult f : figures) {
      String cls = switch (f.change()) {
        case WORSE -> "worse";
        case BETTER -> "better";
        case INSUFFICIENT_DATA -> "insufficient";
        default -> "";
      };
      sb.append("<tr><td>").append(Html.esc(f.figureWithUnit())).append("</td><td class=\"n\">").append(Numbers.threeDigits(f.baseline()))
          .append("</td><td class=\"n\">").append(Numbers.threeDigits(f.current())).append("</td><td class=\"n\">")
          .append(Numbers.signedThreeDigits(f.delta())).append("</td><td class=\"n\">").append(Numbers.signedPercent(f.deltaPct()))
          .append("</td><td class=\"n\">").append(f.ciText()).append("</td><td class=\"").append(cls).append("\">")
          .append(Html.esc(f.change().text())).append("</td></tr>\n");
    }
    return sb.append("</table>\n").toString();
  }

  /** One point per run: x = output-token throughput, y = TTFT p95 (overall). */
  static String scatter(List<RunData> runs) {
    List<double[]> points = new ArrayList<>();
    for (RunData r : runs) {
      GroupSamples g = r.group("overall");
      double x = g == null ? Double.NaN : g.outputThroughput();
      double y = g == null ? Double.NaN : g.perCall(Metric.TTFT).percentile(0.95);
      points.add(new double[] {x, y});
    }
    double[] xs = points.stream().mapToDouble(p -> p[0]).filter(Double::isFinite).toArray();
    double[] ys = points.stream().mapToDouble(p -> p[1]).filter(Double::isFinite).toArray();
    Svg svg = open("output token throughput (tok/s) vs TTFT p95 (ms)");
    if (xs.length == 0 || ys.length == 0) {
      return svg.empty("no data");
    }
    svg.axes(Svg.Axis.linear(0, max(xs) * 1.1), Svg.Axis.linear(0, max(ys) * 1.1))
        .grid(CompareHtmlReport::tick, true).axisTitles("output tok/s", "TTFT p95 ms");
    for (int i = 0; i < points.size(); i++) {
      double[] p = points.get(i);
      if (!Double.isFinite(p[0]) || !Double.isFinite(p[1])) {
        continue;
      }
      double px = svg.px(p[0]);
      double py = svg.py(p[1]);
      svg.circle(null, px, py, 5, "fill=\"" + color(i) + "\"");
      svg.text(px + 7, i % 2 == 0 ? py - 6 : py + 13, runs.get(i).label(), "start", 10); // alternate: close points
    }
    return svg.close();
  }

  static String cdf(String title, Metric metric, List<GroupSamples> samples) {
    List<double[]> curves = new ArrayList<>();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (GroupSamples g : samples) {
      double[] xs = quantileCurve(g, metric);
      curves.add(xs);
      if (xs != null) {
        lo = Math.min(lo, xs[0]);
        hi = Math.max(hi, xs[xs.length - 1]);
      }
    }
    Svg svg = open(title);
    if (!Double.isFinite(lo)) {
      return svg.empty("no samples");
    }
    boolean log = lo > 0 && hi / lo > 20;
    Svg.Axis ax = log ? Svg.Axis.log(lo, hi) : Svg.Axis.linear(Math.min(0, lo), hi == lo ? hi + 1 : hi);
    svg.axes(ax, Svg.Axis.linear(0, 1)).grid(CompareHtmlReport::tick, true)
        .axisTitles(metric.unit() + (log ? " (log)" : ""), "fraction ≤ x");
    for (int i = 0; i < curves.size(); i++) {
      double[] xs = curves.get(i);
      if (xs == null) {
        continue;
      }
      List<double[]> pts = new ArrayList<>();
      for (int k = 0; k < xs.length; k++) {
        pts.add(new double[] {xs[k], (k + 1.0) / xs.length});
      }
      svg.polyline(color(i), pts);
    }
    return svg.close();
  }

  /** Values at CDF_POINTS evenly spaced cumulative fractions, or null without samples. */
  private static double[] quantileCurve(GroupSamples g, Metric metric) {
    if (g == null) {
      return null;
    }
    if (metric == Metric.ITL) {
      ClusteredSample s = g.itl();
      if (s.totalValues() == 0) {
        return null;
      }
      double[] out = new double[CDF_POINTS];
      for (int k = 0; k < CDF_POINTS; k++) {
        out[k] = s.percentile((k + 1.0) / CDF_POINTS);
      }
      return out;
    }
    SortedSample s = g.perCall(metric);
    if (s.size() == 0) {
      return null;
    }
    int n = Math.min(CDF_POINTS, s.size());
    double[] out = new double[n];
    for (int k = 0; k < n; k++) {
      out[k] = s.percentile((k + 1.0) / n);
    }
    return out;
  }

  private static Svg open(String title) {
    return Svg.open(FRAME, "", "").title(title, 15);
  }

  /** 0.8 rather than 0.800, 2000 rather than 2.00e3. */
  private static String tick(double v) {
    return Numbers.significant(v, 6);
  }

  private static String color(int i) {
    return COLORS[i % COLORS.length];
  }

  private static double max(double[] v) {
    double m = Double.NEGATIVE_INFINITY;
    for (double d : v) {
      m = Math.max(m, d);
    }
    return m <= 0 ? 1 : m;
  }
}
