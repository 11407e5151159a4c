package io.llmload.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmload.metrics.Numbers;
import io.llmload.run.GpuRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * GPU telemetry and energy (llm-summary.json "gpu", llm-gpu.csv): the energy figures with their definitions,
 * one row per GPU, the notes on what the figures leave out, and two over-time charts with one series per GPU
 * (power and utilisation), bucketed as {@link Timeline} buckets the other charts.
 */
final class GpuSection {
  private GpuSection() {
  }

  /** The headline figures: summary key, label, decimals. */
  private static final String[][] FIGURES = {
      {"energy_j", "energy (J)", "1"},
      {"avg_power_w", "average power (W)", "1"},
      {"joules_per_output_token", "joules per output token", "4"},
      {"output_tokens_per_joule", "output tokens per joule", "4"},
      {"joules_per_request", "joules per request", "2"},
      {"window_s", "GPU window (s)", "3"},
      {"gpus", "GPUs", "0"}};

  static void append(StringBuilder h, JsonNode gpu) {
    if (!gpu.isObject()) {
      return;
    }
    h.append("<h2>GPU energy</h2>\n<p>Source: ").append(Html.esc(Nodes.text(gpu.path("source"), "?")))
        .append(" (").append(Html.esc(Nodes.text(gpu.path("location"), "?"))).append("), energy from ")
        .append(Html.esc(Nodes.text(gpu.path("method"), "nothing: no GPU had two samples"))).append(".</p>\n");
    h.append("<table id=\"gpu-energy\">\n");
    for (String[] f : FIGURES) {
      h.append("<tr><th class=\"k\">").append(Html.esc(f[1])).append("</th>");
      Tables.cell(h, gpu.path(f[0]), Integer.parseInt(f[2]), f[0]);
      h.append("</tr>\n");
    }
    h.append("</table>\n");
    JsonNode per = gpu.path("per_gpu");
    if (per.isArray() && !per.isEmpty()) {
      h.append("<table id=\"gpu-per-gpu\">\n<tr><th class=\"k\">node/gpu</th><th class=\"k\">uuid</th>"
          + "<th class=\"k\">method</th><th>samples</th><th>energy (J)</th><th>avg power (W)</th>"
          + "<th>util avg (%)</th><th>memory used max (MiB)</th><th>counter resets</th></tr>\n");
      for (JsonNode g : per) {
        h.append("<tr><td class=\"k\">").append(Html.esc(Nodes.text(g.path("url_index"), "0") + "/"
            + Nodes.text(g.path("gpu"), "?"))).append("</td><td class=\"k\">")
            .append(Html.esc(Nodes.text(g.path("uuid"), Numbers.DASH))).append("</td><td class=\"k\">")
            .append(Html.esc(Nodes.text(g.path("method"), Numbers.DASH))).append("</td>");
        Tables.cell(h, g.path("samples"), 0, null);
        Tables.cell(h, g.path("energy_j"), 1, null);
        Tables.cell(h, g.path("avg_power_w"), 1, null);
        Tables.cell(h, g.path("util_avg"), 1, null);
        Double bytes = Nodes.number(g.path("mem_used_max_bytes"));
        Tables.cell(h, Numbers.rounded(bytes == null ? null : bytes / 1048576.0, 0), null);
        Tables.cell(h, g.path("counter_resets"), 0, null);
        h.append("</tr>\n");
      }
      h.append("</table>\n");
    }
    JsonNode notes = gpu.path("notes");
    if (notes.isArray() && !notes.isEmpty()) {
      h.append("<ul class=\"gpu-notes\">\n");
      for (JsonNode n : notes) {
        h.append("<li>").append(Html.esc(n.asText())).append("</li>\n");
      }
      h.append("</ul>\n");
    }
    JsonNode defs = gpu.path("definitions");
    if (defs.isObject()) {
      h.append("<details><summary>Definitions</summary>\n<table id=\"gpu-definitions\">\n");
      defs.fields().forEachRemaining(e -> Tables.row(h, e.getKey(), e.getValue().asText()));
      h.append("</table>\n</details>\n");
    }
  }

  /** Power and utilisation over time, one series per GPU; empty without llm-gpu.csv rows. */
  static List<Map<String, Object>> charts(List<GpuRow> rows) {
    List<Map<String, Object>> charts = new ArrayList<>();
    if (rows == null || rows.isEmpty()) {
      return charts;
    }
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    Map<String, List<GpuRow>> byGpu = new LinkedHashMap<>();
    for (GpuRow r : rows) {
      start = Math.min(start, r.timeMs());
      end = Math.max(end, r.timeMs());
      byGpu.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
    }
    // end + 1: a last sample on a whole second gets its own bucket instead of joining the one before
    Timeline.Buckets b = Timeline.buckets(start, end + 1, ChartData.MAX_POINTS);
    String xLabel = "time since the first GPU sample (s)" + (b.widthMs() > 1000 ? ", " + b.widthMs() / 1000
        + " s buckets" : "");
    charts.add(chart("gpu_power", "GPU power draw per GPU", "W", byGpu, b, xLabel, GpuRow::powerW));
    charts.add(chart("gpu_util", "GPU utilisation per GPU", "%", byGpu, b, xLabel, GpuRow::utilPct));
    return charts;
  }

  private static Map<String, Object> chart(String id, String title, String unit, Map<String, List<GpuRow>> byGpu,
                                           Timeline.Buckets b, String xLabel, Function<GpuRow, Double> field) {
    List<Object> series = new ArrayList<>();
    for (Map.Entry<String, List<GpuRow>> e : byGpu.entrySet()) {
      Double[] mean = bucketMean(e.getValue(), b, field);
      if (mean != null) {
        series.add(ChartData.series("GPU " + e.getKey(), mean));
      }
    }
    if (series.isEmpty()) {
      return ChartData.noData(id, title, "llm-gpu.csv has no values of this field");
    }
    Map<String, Object> c = ChartData.chart(id, title, "time", xLabel, unit);
    c.put("x", b.xSeconds());
    c.put("series", series);
    c.put("note", "mean of each GPU's samples in a bucket; a bucket without a sample is a gap");
    return c;
  }

  /** Per bucket, the mean of the samples in it (null: none); null when no row has the field. */
  static Double[] bucketMean(List<GpuRow> rows, Timeline.Buckets b, Function<GpuRow, Double> field) {
    double[] sum = new double[b.count()];
    int[] n = new int[b.count()];
    boolean any = false;
    for (GpuRow r : rows) {
      Double v = field.apply(r);
      if (v != null) {
        int i = b.index(r.timeMs());
        sum[i] += v;
        n[i]++;
        any = true;
      }
    }
    if (!any) {
      return null;
    }
    Double[] out = new Double[b.count()];
    for (int i = 0; i < out.length; i++) {
      out[i] = n[i] == 0 ? null : Math.round(sum[i] / n[i] * 100) / 100.0;
    }
    return out;
  }
}
