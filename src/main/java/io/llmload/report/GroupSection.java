package io.llmload.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmload.metrics.Numbers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The groups' figures: one overview row per group, then a percentile table per group. */
final class GroupSection {
  /** Group metrics in table order: summary key → label. */
  static final Map<String, String> METRICS = new LinkedHashMap<>();
  static final String[] STATS = {"count", "p50", "p90", "p95", "p99", "mean", "max"};

  static {
    METRICS.put("ttft_ms", "TTFT (ms)");
    METRICS.put("ttfo_ms", "TTFO (ms)");
    METRICS.put("e2e_ms", "E2E (ms)");
    METRICS.put("tpot_ms", "TPOT (ms)");
    METRICS.put("itl_ms", "ITL (ms)");
    METRICS.put("output_tokens_per_s", "output tokens/s per call");
    METRICS.put("send_delay_ms", "send delay (ms): written − start");
  }

  /** Figures of calls sent from a schedule, shown only for groups that have them: summary key → label. */
  static final Map<String, String> SCHEDULE_METRICS = new LinkedHashMap<>();

  static {
    SCHEDULE_METRICS.put("queue_ms", "queue time (ms): waiting for a concurrency slot, not in TTFT");
    SCHEDULE_METRICS.put("dispatch_delay_ms", "dispatch delay (ms): start − intended − queue");
  }

  private GroupSection() {
  }

  static void overview(StringBuilder h, JsonNode groups) {
    List<String> names = ReportGroups.withCalls(groups);
    if (names.isEmpty()) {
      h.append("<p class=\"nodata\">no data: llm-summary.json has no groups</p>\n");
      return;
    }
    h.append("<table id=\"overview\">\n<tr><th class=\"k\">group</th><th>calls</th><th>ok</th><th>failed</th>"
        + "<th>error rate</th><th>requests/s</th><th>output tok/s</th><th>TTFT p50</th><th>TTFT p95</th>"
        + "<th>TTFT p99</th><th>TPOT p95</th><th>ITL p95</th><th>E2E p50</th><th>E2E p95</th><th>E2E p99</th></tr>\n");
    for (String g : names) {
      JsonNode n = groups.path(g);
      h.append("<tr><td class=\"k\">").append(Html.esc(g)).append("</td>");
      Tables.cell(h, n.path("calls"), 0, "overview." + g + ".calls");
      Tables.cell(h, n.path("ok"), 0, "overview." + g + ".ok");
      Tables.cell(h, n.path("failed"), 0, "overview." + g + ".failed");
      h.append("<td").append(n.path("failed").asLong(0) > 0 ? " class=\"bad\"" : "").append(" data-key=\"overview.")
          .append(Html.esc(g)).append(".error_rate\">").append(Html.esc(Numbers.percent(Nodes.number(n.path("error_rate")))))
          .append("</td>");
      Tables.cell(h, n.path("requests_per_s"), 2, null);
      Tables.cell(h, n.path("throughput_output_tokens_per_s"), 1, null);
      Tables.cell(h, n.path("ttft_ms").path("p50"), 2, null);
      Tables.cell(h, n.path("ttft_ms").path("p95"), 2, null);
      Tables.cell(h, n.path("ttft_ms").path("p99"), 2, null);
      Tables.cell(h, n.path("tpot_ms").path("p95"), 2, null);
      Tables.cell(h, n.path("itl_ms").path("p95"), 2, null);
      Tables.cell(h, n.path("e2e_ms").path("p50"), 2, null);
      Tables.cell(h, n.path("e2e_ms").path("p95"), 2, null);
      Tables.cell(h, n.path("e2e_ms").path("p99"), 2, null);
      h.append("</tr>\n");
    }
    h.append("</table>\n<p class=\"note\">latencies in ms; — means no sample").append(omitted(groups, names))
        .append("</p>\n");
  }

  /** "; no calls in agent, agent_step_1 (not shown)", or nothing when every group is shown. */
  private static String omitted(JsonNode groups, List<String> shown) {
    List<String> left = ReportGroups.ordered(groups).stream().filter(g -> !shown.contains(g)).toList();
    return left.isEmpty() ? "" : Html.esc("; no calls in " + String.join(", ", left) + " (not shown)");
  }

  static void percentiles(StringBuilder h, JsonNode groups) {
    List<String> names = ReportGroups.withCalls(groups);
    if (names.isEmpty()) {
      return;
    }
    h.append("<h2>Percentiles per group</h2>\n<div class=\"groups\">\n");
    for (String g : names) {
      group(h, g, groups.path(g));
    }
    h.append("</div>\n");
  }

  private static void group(StringBuilder h, String g, JsonNode n) {
    h.append("<section class=\"group\"><h3>").append(Html.esc(g)).append("</h3>\n<p>calls ")
        .append(Numbers.rounded(Nodes.number(n.path("calls")), 0)).append(" · ok ")
        .append(Numbers.rounded(Nodes.number(n.path("ok")), 0))
        .append(" · failed ").append(Numbers.rounded(Nodes.number(n.path("failed")), 0)).append(" · error rate ")
        .append(Html.esc(Numbers.percent(Nodes.number(n.path("error_rate"))))).append(" · output tokens ")
        .append(Numbers.rounded(Nodes.number(n.path("output_tokens")), 0)).append(" · ")
        .append(Numbers.rounded(Nodes.number(n.path("requests_per_s")), 2)).append(" req/s · ")
        .append(Numbers.rounded(Nodes.number(n.path("throughput_output_tokens_per_s")), 1)).append(" output tok/s</p>\n");
    h.append("<table class=\"group-table\" id=\"group-").append(Html.esc(g)).append("\">\n<tr><th class=\"k\">metric</th>");
    for (String s : STATS) {
      h.append("<th>").append(s).append("</th>");
    }
    h.append("</tr>\n");
    Map<String, String> rows = new LinkedHashMap<>(METRICS);
    SCHEDULE_METRICS.forEach((key, label) -> {
      if (n.has(key)) {
        rows.put(key, label);
      }
    });
    for (Map.Entry<String, String> m : rows.entrySet()) {
      JsonNode dist = n.path(m.getKey());
      h.append("<tr><td class=\"k\">").append(Html.esc(m.getValue())).append("</td>");
      for (String s : STATS) {
        Tables.cell(h, dist.path(s), "count".equals(s) ? 0 : 2, "groups." + g + "." + m.getKey() + "." + s);
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n");
    JsonNode errors = n.path("sample_errors");
    if (errors.isArray() && !errors.isEmpty()) {
      h.append("<p>sample errors:</p><ul>\n");
      for (JsonNode e : errors) {
        h.append("<li>").append(Html.esc(e.isTextual() ? e.asText() : e.toString())).append("</li>\n");
      }
      h.append("</ul>\n");
    }
    h.append("</section>\n");
  }
}
