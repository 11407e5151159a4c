package io.llmload.report;

import io.llmload.run.RunFiles;
import io.llmload.sweep.SweepAnalyzer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The throughput-latency curve of one or more sweeps as inline SVG (no script, no network): x = output
 * tokens/s, y = p95 TTFT or p95 TPOT, one point per measured level, joined in level order; a filled point
 * met the SLOs, a hollow one did not; the knee is ringed and named; the SLO limit is a dashed line. Also
 * the per-level table and the section of the run's report page. Reads sweep-summary.json as written by
 * {@link SweepAnalyzer}.
 */
public final class SweepChart {
  public static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int W = 520;
  private static final int H = 320;
  private static final int ML = 60;
  private static final int MR = 16;
  private static final int MT = 28;
  private static final int MB = 42;

  /** One sweep to draw: its name in the legend, its colour, its sweep-summary.json. */
  public record Series(String label, String color, JsonNode sweep) {
  }

  private SweepChart() {
  }

  /** sweep-summary.json of a run folder, or null when the run was not a sweep. */
  public static JsonNode read(Path runDir) {
    Path file = runDir.resolve(RunFiles.SWEEP_SUMMARY);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The report page's section: verdict, the two curves, and the per-level table. */
  public static String section(JsonNode sweep) {
    StringBuilder h = new StringBuilder();
    JsonNode knee = sweep.path("knee");
    String status = knee.path("status").asText("");
    h.append("<h2 id=\"sweep\">Capacity sweep</h2>\n");
    h.append("<div id=\"sweep-verdict\" class=\"box ").append("knee_found".equals(status) || "no_knee_in_range".equals(status)
        ? "pass" : "fail").append("\"><h2>").append(esc(headline(sweep))).append("</h2>\n<p>")
        .append(esc(knee.path("message").asText(""))).append("</p>");
    JsonNode early = sweep.path("early_stop");
    if (early.path("stopped").asBoolean(false)) {
      h.append("<p>Early stop: ").append(esc(early.path("reason").asText(""))).append("; skipped levels: ")
          .append(esc(early.path("skipped_levels").toString())).append("</p>");
    }
    h.append("</div>\n<div class=\"sweep-charts\">\n");
    List<Series> one = List.of(new Series("this run", COLORS[0], sweep));
    h.append(curve("ttft_ms", one)).append(curve("tpot_ms", one)).append("</div>\n");
    h.append(table(sweep));
    return h.toString();
  }

  static String headline(JsonNode sweep) {
    JsonNode knee = sweep.path("knee");
    String unit = sweep.path("unit").asText("");
    return switch (knee.path("status").asText("")) {
      case "knee_found" -> "Knee: " + num(knee.path("level")) + " " + unit + " · " + num(knee.path("output_tokens_per_s"))
          + " output tok/s · broke first at " + num(knee.path("next_level")) + ": " + knee.path("broke_first").asText("?");
      case "no_knee_in_range" -> "No knee inside the range: every level met the SLOs (up to " + num(knee.path("level"))
          + " " + unit + ")";
      case "below_range" -> "Below the range: the lowest level already broke the SLOs";
      default -> "No level was measured";
    };
  }

  /** The per-level table. */
  public static String table(JsonNode sweep) {
    StringBuilder h = new StringBuilder("<table id=\"sweep-levels\">\n<tr><th class=\"k\">level</th><th>status</th>"
        + "<th>meets SLO</th><th>achieved conc.</th><th>req/s</th><th>output tok/s</th><th>total tok/s</th>"
        + "<th>goodput/s</th><th>SLO attain.</th><th>errors</th>");
    String[] metrics = {"ttft_ms", "ttfo_ms", "tpot_ms", "itl_ms", "e2e_ms"};
    for (String m : metrics) {
      String name = m.replace("_ms", "").toUpperCase(Locale.ROOT);
      h.append("<th>").append(name).append(" p50</th><th>").append(name).append(" p95</th><th>").append(name)
          .append(" p99</th>");
    }
    h.append("<th>server running</th><th>server waiting</th><th>KV cache max</th><th>preemptions</th></tr>\n");
    for (JsonNode l : sweep.path("levels")) {
      String tag = l.path("tag").asText("");
      h.append("<tr data-level=\"").append(esc(tag)).append("\"><td class=\"k\">").append(num(l.path("level")))
          .append("</td><td>").append(esc(l.path("status").asText(""))).append("</td>");
      JsonNode meets = l.path("meets_slo");
      h.append("<td").append(meets.isBoolean() && !meets.asBoolean() ? " class=\"bad\"" : "").append('>')
          .append(meets.isBoolean() ? (meets.asBoolean() ? "yes" : "no") : "—").append("</td>");
      for (String f : new String[] {"achieved_concurrency", "requests_per_s", "output_tokens_per_s", "total_tokens_per_s",
          "goodput_per_s", "slo_attainment", "error_rate"}) {
        h.append("<td>").append(num(l.path(f))).append("</td>");
      }
      for (String m : metrics) {
        for (String p : new String[] {"p50", "p95", "p99"}) {
          h.append("<td>").append(num(l.path(m).path(p))).append("</td>");
        }
      }
      JsonNode s = l.path("server");
      h.append("<td>").append(num(s.path("requests_running_mean"))).append("</td><td>")
          .append(num(s.path("requests_waiting_mean"))).append("</td><td>").append(num(s.path("kv_cache_usage_max")))
          .append("</td><td>").append(num(s.path("preemptions"))).append("</td></tr>\n");
    }
    return h.append("</table>\n<p class=\"note\">latencies in ms over the level's journeys; rates over calls that"
        + " ended in the level's measured window; server: means over its scrapes (KV cache: maximum)</p>\n").toString();
  }

  /** One chart: output tok/s against p95 of {@code metric} (ttft_ms or tpot_ms), one curve per series. */
  public static String curve(String metric, List<Series> series) {
    String name = metric.replace("_ms", "").toUpperCase(Locale.ROOT);
    StringBuilder sb = new StringBuilder();
    sb.append("<svg class=\"sweep-curve\" data-metric=\"").append(metric).append("\" width=\"").append(W)
        .append("\" height=\"").append(H).append("\" viewBox=\"0 0 ").append(W).append(' ').append(H)
        .append("\" font-family=\"sans-serif\" font-size=\"10\" style=\"background:#fff;border:1px solid #ddd\">");
    sb.append(text(W / 2.0, 16, "output tok/s vs " + name + " p95, one point per level", "middle", 12));
    List<List<double[]>> curves = new ArrayList<>();
    double maxX = 0;
    double maxY = 0;
    Double limit = null;
    for (Series s : series) {
      List<double[]> pts = new ArrayList<>();
      for (JsonNode l : s.sweep().path("levels")) {
        JsonNode x = l.path("output_tokens_per_s");
        JsonNode y = l.path(metric).path("p95");
        if ("measured".equals(l.path("status").asText()) && x.isNumber() && y.isNumber()) {
          pts.add(new double[] {x.asDouble(), y.asDouble(), l.path("level").asDouble(),
              l.path("meets_slo").asBoolean(false) ? 1 : 0});
          maxX = Math.max(maxX, x.asDouble());
          maxY = Math.max(maxY, y.asDouble());
        }
      }
      curves.add(pts);
      JsonNode lim = s.sweep().path("objectives").path("limits").path("all").path(metric.replace("_ms", "Ms"));
      if (lim.isNumber()) {
        limit = limit == null ? lim.asDouble() : Math.min(limit, lim.asDouble());
      }
    }
    if (maxX <= 0 && maxY <= 0) {
      return sb.append(text(W / 2.0, H / 2.0, "no measured level", "middle", 10)).append("</svg>\n").toString();
    }
    double xHi = nice(maxX * 1.1);
    double yHi = nice(Math.max(maxY, limit == null ? 0 : limit) * 1.15);
    sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>",
        ML, MT, W - ML - MR, H - MT - MB));
    for (int i = 0; i <= 5; i++) {
      double xv = xHi * i / 5;
      double yv = yHi * i / 5;
      sb.append(text(px(xv, xHi), H - MB + 13, num(xv), "middle", 10));
      sb.append(text(ML - 4, py(yv, yHi) + 3, num(yv), "end", 10));
      sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>", ML,
          W - MR, py(yv, yHi), py(yv, yHi)));
    }
    sb.append(text((ML + W - MR) / 2.0, H - 8, "output tokens/s", "middle", 10));
    sb.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 14 %.1f)\">%s</text>",
        (MT + H - MB) / 2.0, (MT + H - MB) / 2.0, esc(name + " p95 (ms)")));
    if (limit != null) {
      double y = py(limit, yHi);
      sb.append(String.format(Locale.ROOT, "<line class=\"slo-line\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" "
          + "stroke=\"#c00\" stroke-dasharray=\"6 4\"/>", ML, W - MR, y, y));
      sb.append(text(W - MR - 4, y - 4, "SLO " + num(limit) + " ms", "end", 10).replace("<text ", "<text fill=\"#c00\" "));
    }
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      List<double[]> pts = curves.get(i);
      StringBuilder line = new StringBuilder();
      for (double[] p : pts) {
        line.append(String.format(Locale.ROOT, "%.1f,%.1f ", px(p[0], xHi), py(p[1], yHi)));
      }
      sb.append("<polyline fill=\"none\" stroke-width=\"1.6\" stroke=\"").append(s.color()).append("\" points=\"")
          .append(line.toString().trim()).append("\"/>");
      double kneeLevel = s.sweep().path("knee").path("level").isNumber()
          && "knee_found".equals(s.sweep().path("knee").path("status").asText())
          ? s.sweep().path("knee").path("level").asDouble() : Double.NaN;
      for (double[] p : pts) {
        double x = px(p[0], xHi);
        double y = py(p[1], yHi);
        sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"/>",
            x, y, p[3] == 1 ? s.color() : "#fff", s.color()));
        sb.append(text(x + 6, y - 5, num(p[2]), "start", 9));
        if (p[2] == kneeLevel) {
          sb.append(String.format(Locale.ROOT, "<circle class=\"knee\" cx=\"%.1f\" cy=\"%.1f\" r=\"9\" fill=\"none\" "
              + "stroke=\"%s\" stroke-width=\"2\"/>", x, y, s.color()));
          sb.append(text(x, y + 20, "knee" + (series.size() > 1 ? " (" + s.label() + ")" : ""), "middle", 10));
        }
      }
    }
    if (series.size() > 1) {
      for (int i = 0; i < series.size(); i++) {
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"8\" fill=\"%s\"/>", ML + 6,
            MT + 6 + i * 13, series.get(i).color()));
        sb.append(text(ML + 22, MT + 14 + i * 13, series.get(i).label(), "start", 10));
      }
    }
    return sb.append("</svg>\n").toString();
  }

  private static double px(double v, double hi) {
    return ML + v / hi * (W - ML - MR);
  }

  private static double py(double v, double hi) {
    return H - MB - v / hi * (H - MT - MB);
  }

  /** 1, 2 or 5 × a power of ten, at least v. */
  static double nice(double v) {
    if (v <= 0) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }

  private static String text(double x, double y, String s, String anchor, int size) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>", x, y,
        anchor, size, esc(s));
  }

  private static String num(JsonNode n) {
    return n != null && n.isNumber() ? num(n.asDouble()) : "—";
  }

  private static String num(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e12) {
      return Long.toString((long) d);
    }
    return java.math.BigDecimal.valueOf(d).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
  }
}
