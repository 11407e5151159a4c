package io.llmload.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmload.metrics.Numbers;
import java.util.Iterator;
import java.util.Map;

/** The reference tables at the end of llm-report.html: client health, configuration, definitions, run.json. */
final class ReferenceSection {
  private ReferenceSection() {
  }

  static void append(StringBuilder h, JsonNode summary, JsonNode runInfo) {
    JsonNode health = summary.path("client_health");
    if (health.isObject() && health.size() > 0) {
      h.append("<h2>Client health</h2>\n");
      java.util.Map<String, String> values = Nodes.flatten(health);
      values.remove("pauses.longest");
      Tables.keyValues(h, values, "client_health");
      pauses(h, health.path("pauses").path("longest"));
    }
    h.append("<h2>Configuration</h2>\n");
    if (summary.path("config").isObject() && summary.path("config").size() > 0) {
      Tables.keyValues(h, Nodes.flatten(summary.path("config")), "config");
    } else {
      h.append("<p class=\"nodata\">no data: llm-summary.json has no config</p>\n");
    }
    definitions(h, summary.path("definitions"));
    if (runInfo.size() > 0) {
      h.append("<h2>Run info (run.json)</h2>\n");
      Tables.keyValues(h, Nodes.flatten(runInfo), "run_json");
    }
  }

  /** The longest client pauses (client_health.pauses.longest), in time order, with the measured stamps each held. */
  private static void pauses(StringBuilder h, JsonNode longest) {
    if (!longest.isArray() || longest.isEmpty()) {
      return;
    }
    h.append("<p>The longest client pauses (every pause: client-pauses.csv). A stamp inside a pause may be late by"
        + " up to its length; T counts from the first measured call's start.</p>\n<table id=\"client-pauses\">\n<tr>"
        + "<th>at</th><th>loop</th><th>length ms</th><th>in measured window</th><th>calls</th><th>TTFT calls</th>"
        + "<th>token events</th></tr>\n");
    int i = 0;
    for (JsonNode p : longest) {
      String key = "client_pauses." + i++ + ".";
      h.append("<tr>");
      Tables.cell(h, Nodes.text(p.path("at"), Numbers.DASH), key + "at");
      Tables.cell(h, p.path("loop"), 0, key + "loop");
      Tables.cell(h, p.path("length_ms"), 1, key + "length_ms");
      Tables.cell(h, p.path("in_measured_window").asBoolean(false) ? "yes" : "no", key + "in_measured_window");
      Tables.cell(h, p.path("calls"), 0, key + "calls");
      Tables.cell(h, p.path("ttft_calls"), 0, key + "ttft_calls");
      Tables.cell(h, p.path("token_events"), 0, key + "token_events");
      h.append("</tr>\n");
    }
    h.append("</table>\n");
  }

  private static void definitions(StringBuilder h, JsonNode definitions) {
    h.append("<h2>Metric definitions</h2>\n");
    if (!definitions.isObject() || definitions.isEmpty()) {
      h.append("<p class=\"nodata\">no data: llm-summary.json has no definitions</p>\n");
      return;
    }
    h.append("<table id=\"definitions\">\n<tr><th class=\"k\">metric</th><th class=\"k\">definition</th></tr>\n");
    for (Iterator<Map.Entry<String, JsonNode>> it = definitions.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      h.append("<tr><td class=\"k\"><code>").append(Html.esc(e.getKey())).append("</code></td><td class=\"text\">")
          .append(Html.esc(e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }
}
