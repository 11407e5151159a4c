package io.llmload.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** The reference tables at the end of llm-report.html: client health, configuration, definitions, run.json. */
final class ReferenceSection {
  private ReferenceSection() {
  }

  static void append(StringBuilder h, JsonNode summary, JsonNode runInfo) {
    if (summary.path("client_health").isObject() && summary.path("client_health").size() > 0) {
      h.append("<h2>Client health</h2>\n");
      Tables.keyValues(h, Nodes.flatten(summary.path("client_health")), "client_health");
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
