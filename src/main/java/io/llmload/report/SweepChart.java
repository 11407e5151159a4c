package io.llmload.report;

import io.llmload.metrics.Numbers;
import io.llmload.run.RunFiles;
import io.llmload.sweep.SweepSummary;
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
 * {@link SweepSummary#toJson()}.
 */
public final class SweepChart {
  public static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Svg.Frame FRAME = new Svg.Frame(520, 320, 60, 16, 28, 42, 14);

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
        ? "pass" : "fail").append("\"><h2>").append(Html.esc(headline(sweep))).append("</h2>\n<p>")
        .append(Html.esc(knee.path("message").asText(""))).append("</p>");
    JsonNode early = sweep.path("early_stop");
    if (early.path("stopped").asBoolean(false)) {
      h.append("<p>Early stop: ").append(Html.esc(early.path("reason").asText(""))).append("; skipped levels: ")
          .append(Html.esc(early.path("skipped_levels").toString())).append("</p>");
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
      h.append("<tr data-level=\"").append(Html.esc(tag)).append("\"><td class=\"k\">").append(num(l.path("level")))
          .append("</td><td>").append(Html.esc(l.path("status").asText(""))).append("</td>");
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
    Svg svg = Svg.open(FRAME, "class=\"sweep-curve\" data-metric=\"" + Html.esc(metric) + "\" ",
        " style=\"background:#fff;border:1px solid #ddd\"").title("output tok/s vs " + name + " p95, one point per level", 16);
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
      return svg.empty("no measured level");
    }
    double yHi = Svg.nice(Math.max(maxY, limit == null ? 0 : limit) * 1.15);
    svg.axes(Svg.Axis.evenSteps(Svg.nice(maxX * 1.1), 5), Svg.Axis.evenSteps(yHi, 5)).grid(SweepChart::num, false)
        .axisTitles("output tokens/s", name + " p95 (ms)");
    if (limit != null) {
      double y = svg.py(limit);
      svg.dashedLevel("slo-line", limit, "#c00");
      svg.text(FRAME.plotRight() - 4, y - 4, "SLO " + num(limit) + " ms", "end", 10, "#c00");
    }
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      List<double[]> pts = curves.get(i);
      svg.polyline(s.color(), pts);
      JsonNode knee = s.sweep().path("knee");
      double kneeLevel = knee.path("level").isNumber() && "knee_found".equals(knee.path("status").asText())
          ? knee.path("level").asDouble() : Double.NaN;
      for (double[] p : pts) {
        double x = svg.px(p[0]);
        double y = svg.py(p[1]);
        svg.circle(null, x, y, 4, "fill=\"" + (p[3] == 1 ? s.color() : "#fff") + "\" stroke=\"" + s.color()
            + "\" stroke-width=\"1.5\"");
        svg.text(x + 6, y - 5, num(p[2]), "start", 9);
        if (p[2] == kneeLevel) {
          svg.circle("knee", x, y, 9, "fill=\"none\" stroke=\"" + s.color() + "\" stroke-width=\"2\"");
          svg.text(x, y + 20, "knee" + (series.size() > 1 ? " (" + s.label() + ")" : ""), "middle", 10);
        }
      }
    }
    if (series.size() > 1) {
      for (int i = 0; i < series.size(); i++) {
        svg.swatch(FRAME.left() + 6, FRAME.top() + 6 + i * 13, series.get(i).color());
        svg.text(FRAME.left() + 22, FRAME.top() + 14 + i * 13, series.get(i).label(), "start", 10);
      }
    }
    return svg.close();
  }

  private static String num(JsonNode n) {
    return n != null && n.isNumber() ? num(n.asDouble()) : "—";
  }

  private static String num(double d) {
    return Numbers.wholeOrSignificant(d, 4);
  }
}
