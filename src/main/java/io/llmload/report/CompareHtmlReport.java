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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained HTML page (inline CSS and SVG, no script, no network): the not-comparable warning in
 * red at the top, throughput against p95 TTFT (one point per run), the comparison tables, and overlaid
 * CDFs per group and metric (one curve per run; log-scaled x when the values span more than 20×).
 */
public final class CompareHtmlReport {
  static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2"};
  private static final int W = 420;
  private static final int H = 260;
  private static final int ML = 56;
  private static final int MR = 12;
  private static final int MT = 26;
  private static final int MB = 40;
  private static final int CDF_POINTS = 200;
  private static final List<Metric> CDF_METRICS = List.of(Metric.TTFT, Metric.TTFO, Metric.TPOT, Metric.E2E,
      Metric.ITL, Metric.CALL_OUTPUT_TOKENS_PER_S);

  private CompareHtmlReport() {
  }

  public static String render(List<RunData> runs, List<RunComparison> comparisons, GroupComparator comparator) {
    StringBuilder sb = new StringBuilder();
    String title = "Compare: " + String.join(" vs ", runs.stream().map(RunData::label).toList());
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
        .append("</title>\n<style>")
        .append("body{font-family:system-ui,sans-serif;margin:24px;color:#222}")
        .append("table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}")
        .append("td.n{text-align:right;font-variant-numeric:tabular-nums}")
        .append(".warn{border:2px solid #c00;background:#fee;color:#900;padding:10px 14px;margin:12px 0}")
        .append(".worse{color:#b00;font-weight:bold}.better{color:#080;font-weight:bold}.insufficient{color:#888}")
        .append(".charts{display:flex;flex-wrap:wrap;gap:8px}svg{background:#fff;border:1px solid #ddd}")
        .append(".legend span{display:inline-block;margin-right:14px}")
        .append("</style></head><body>\n");
    sb.append("<h1>").append(esc(title)).append("</h1>\n");
    for (RunComparison c : comparisons) {
      if (!c.comparability().comparable()) {
        sb.append("<div class=\"warn\"><strong>NOT comparable: ").append(esc(c.current().label()))
            .append(" vs baseline ").append(esc(c.baseline().label()))
            .append("</strong> — the runs differ in workload or model, so differences below may not be the server's:<ul>");
        for (String d : c.comparability().differences()) {
          sb.append("<li>").append(esc(d)).append("</li>");
        }
        sb.append("</ul></div>\n");
      }
    }
    sb.append("<p>Baseline: <strong>").append(esc(runs.get(0).label())).append("</strong>. Δ = run − baseline. ")
        .append("95% confidence intervals of Δ from a seeded percentile bootstrap (").append(comparator.resamples())
        .append(" resamples, seed ").append(comparator.seed()).append("; ITL resampled by call; throughput by time block); ")
        .append("error rate: Newcombe interval, Δ in percentage points. A verdict is given only when the interval excludes 0.</p>\n");
    sb.append(legend(runs));
    sb.append("<h2>Throughput vs p95 TTFT (overall)</h2>\n").append(scatter(runs));
    sb.append(sweeps(runs));
    for (RunComparison c : comparisons) {
      sb.append("<h2>").append(esc(c.current().label())).append(" vs baseline ").append(esc(c.baseline().label()))
          .append("</h2>\n");
      for (String g : c.groups()) {
        sb.append("<h3>").append(esc(g)).append(" (").append(c.baseline().group(g).calls()).append(" vs ")
            .append(c.current().group(g).calls()).append(" calls)</h3>\n");
        sb.append(table(c.figures(g)));
      }
    }
    sb.append("<h2>Distributions (CDF)</h2>\n");
    for (String g : runs.get(0).groupNames()) {
      List<GroupSamples> samples = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      for (RunData r : runs) {
        samples.add(r.group(g));
        labels.add(r.label());
      }
      sb.append("<h3>").append(esc(g)).append("</h3>\n<div class=\"charts\">\n");
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
    List<io.llmload.report.SweepChart.Series> series = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      com.fasterxml.jackson.databind.JsonNode sweep = io.llmload.report.SweepChart.read(runs.get(i).dir());
      if (sweep == null) {
        return "";
      }
      series.add(new io.llmload.report.SweepChart.Series(runs.get(i).label(), color(i), sweep));
    }
    StringBuilder sb = new StringBuilder("<h2 id=\"sweep-compare\">Capacity sweeps: throughput against latency</h2>\n");
    sb.append("<div class=\"charts\">").append(io.llmload.report.SweepChart.curve("ttft_ms", series))
        .append(io.llmload.report.SweepChart.curve("tpot_ms", series)).append("</div>\n");
    sb.append("<table><tr><th>run</th><th>knee</th><th>verdict</th></tr>\n");
    for (io.llmload.report.SweepChart.Series s : series) {
      com.fasterxml.jackson.databind.JsonNode knee = s.sweep().path("knee");
      sb.append("<tr><td>").append(esc(s.label())).append("</td><td class=\"n\">")
          .append(knee.path("level").isNumber() ? esc(knee.path("level").asText()) : "—").append("</td><td>")
          .append(esc(knee.path("message").asText(""))).append("</td></tr>\n");
    }
    return sb.append("</table>\n").toString();
  }

  private static String legend(List<RunData> runs) {
    StringBuilder sb = new StringBuilder("<p class=\"legend\">");
    for (int i = 0; i < runs.size(); i++) {
      sb.append("<span><svg width=\"22\" height=\"10\" style=\"border:0\"><rect width=\"22\" height=\"10\" fill=\"")
          .append(color(i)).append("\"/></svg> ").append(esc(runs.get(i).label())).append(i == 0 ? " (baseline)" : "")
          .append("</span>");
    }
    return sb.append("</p>\n").toString();
  }

  private static String table(List<FigureResult> figures) {
    StringBuilder sb = new StringBuilder("<table><tr><th>metric</th><th>baseline</th><th>run</th><th>Δ</th><th>Δ%</th>"
        + "<th>95% CI</th><th>verdict</th></tr>\n");
    for (FigureResult f : figures) {
      String cls = switch (f.change()) {
        case WORSE -> "worse";
        case BETTER -> "better";
        case INSUFFICIENT_DATA -> "insufficient";
        default -> "";
      };
      sb.append("<tr><td>").append(esc(f.figureWithUnit())).append("</td><td class=\"n\">").append(Numbers.threeDigits(f.baseline()))
          .append("</td><td class=\"n\">").append(Numbers.threeDigits(f.current())).append("</td><td class=\"n\">")
          .append(Numbers.signedThreeDigits(f.delta())).append("</td><td class=\"n\">").append(Numbers.signedPercent(f.deltaPct()))
          .append("</td><td class=\"n\">").append(f.ciText()).append("</td><td class=\"").append(cls).append("\">")
          .append(esc(f.change().text())).append("</td></tr>\n");
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
    StringBuilder sb = svgOpen("output token throughput (tok/s) vs TTFT p95 (ms)");
    if (xs.length == 0 || ys.length == 0) {
      return sb.append(text(W / 2.0, H / 2.0, "no data", "middle")).append("</svg>\n").toString();
    }
    Axis ax = Axis.of(0, max(xs) * 1.1, false);
    Axis ay = Axis.of(0, max(ys) * 1.1, false);
    axes(sb, ax, ay, "output tok/s", "TTFT p95 ms");
    for (int i = 0; i < points.size(); i++) {
      double[] p = points.get(i);
      if (!Double.isFinite(p[0]) || !Double.isFinite(p[1])) {
        continue;
      }
      double px = ax.px(p[0]);
      double py = ay.py(p[1]);
      sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"/>", px, py, color(i)));
      sb.append(text(px + 7, i % 2 == 0 ? py - 6 : py + 13, runs.get(i).label(), "start")); // alternate: close points
    }
    return sb.append("</svg>\n").toString();
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
    StringBuilder sb = svgOpen(title);
    if (!Double.isFinite(lo)) {
      return sb.append(text(W / 2.0, H / 2.0, "no samples", "middle")).append("</svg>\n").toString();
    }
    boolean log = lo > 0 && hi / lo > 20;
    Axis ax = log ? Axis.of(lo, hi, true) : Axis.of(Math.min(0, lo), hi == lo ? hi + 1 : hi, false);
    Axis ay = Axis.of(0, 1, false);
    axes(sb, ax, ay, metric.unit() + (log ? " (log)" : ""), "fraction ≤ x");
    for (int i = 0; i < curves.size(); i++) {
      double[] xs = curves.get(i);
      if (xs == null) {
        continue;
      }
      StringBuilder pts = new StringBuilder();
      for (int k = 0; k < xs.length; k++) {
        double p = (k + 1.0) / xs.length;
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", ax.px(xs[k]), ay.py(p)));
      }
      sb.append("<polyline fill=\"none\" stroke-width=\"1.6\" stroke=\"").append(color(i)).append("\" points=\"")
          .append(pts.toString().trim()).append("\"/>");
    }
    return sb.append("</svg>\n").toString();
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

  private static StringBuilder svgOpen(String title) {
    StringBuilder sb = new StringBuilder();
    sb.append("<svg width=\"").append(W).append("\" height=\"").append(H)
        .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" font-family=\"sans-serif\" font-size=\"10\">");
    sb.append(text(W / 2.0, 15, title, "middle").replace("font-size=\"10\"", "font-size=\"12\""));
    return sb;
  }

  private static void axes(StringBuilder sb, Axis ax, Axis ay, String xLabel, String yLabel) {
    sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>",
        ML, MT, W - ML - MR, H - MT - MB));
    for (double t : ax.ticks()) {
      double x = ax.px(t);
      sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#eee\"/>", x, x, MT, H - MB));
      sb.append(text(x, H - MB + 13, tick(t), "middle"));
    }
    for (double t : ay.ticks()) {
      double y = ay.py(t);
      sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>", ML, W - MR, y, y));
      sb.append(text(ML - 4, y + 3, tick(t), "end"));
    }
    sb.append(text((ML + W - MR) / 2.0, H - 8, xLabel, "middle"));
    sb.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 12 %.1f)\">%s</text>",
        (MT + H - MB) / 2.0, (MT + H - MB) / 2.0, esc(yLabel)));
  }

  /** 0.8 rather than 0.800, 2000 rather than 2.00e3. */
  private static String tick(double v) {
    return java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
  }

  private static String text(double x, double y, String s, String anchor) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"10\">%s</text>", x, y,
        anchor, esc(s));
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

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** A linear or log10 axis mapped onto the plot area. */
  private record Axis(double lo, double hi, boolean log) {
    static Axis of(double lo, double hi, boolean log) {
      return new Axis(lo, hi <= lo ? lo + 1 : hi, log);
    }

    private double f(double v) {
      double a = log ? Math.log10(Math.max(v, lo)) : v;
      double l = log ? Math.log10(lo) : lo;
      double h = log ? Math.log10(hi) : hi;
      return (a - l) / (h - l);
    }

    double px(double v) {
      return ML + f(v) * (W - ML - MR);
    }

    double py(double v) {
      return H - MB - f(v) * (H - MT - MB);
    }

    List<Double> ticks() {
      List<Double> t = new ArrayList<>();
      if (log) {
        for (double d = Math.pow(10, Math.floor(Math.log10(lo))); d <= hi * 1.0001; d *= 10) {
          for (double m : new double[] {1, 2, 5}) {
            double v = d * m;
            if (v >= lo * 0.9999 && v <= hi * 1.0001) {
              t.add(v);
            }
          }
        }
        return t;
      }
      double span = hi - lo;
      double step = Math.pow(10, Math.floor(Math.log10(span / 5)));
      for (double m : new double[] {1, 2, 5, 10}) {
        if (span / (step * m) <= 6) {
          step *= m;
          break;
        }
      }
      for (double v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
        t.add(Math.abs(v) < step * 1e-9 ? 0 : v);
      }
      return t;
    }
  }
}
