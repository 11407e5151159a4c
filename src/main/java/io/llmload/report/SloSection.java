package io.llmload.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmload.metrics.Numbers;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** SLO attainment and goodput: a row per group with calls (columns = every field), other fields as key/value. */
final class SloSection {
  private SloSection() {
  }

  static void append(StringBuilder h, JsonNode slo) {
    if (!slo.isObject() || slo.isEmpty()) {
      return;
    }
    h.append("<h2>SLO attainment and goodput</h2>\n");
    ObjectNode rest = slo.deepCopy();
    JsonNode groups = rest.remove("groups");
    if (groups != null && groups.isObject() && !groups.isEmpty()) {
      List<String> names = ReportGroups.withCalls(groups);
      Set<String> columns = new LinkedHashSet<>();
      for (String g : names) {
        columns.addAll(Nodes.flatten(groups.path(g)).keySet());
      }
      h.append("<table id=\"slo\">\n<tr><th class=\"k\">group</th>");
      for (String c : columns) {
        h.append("<th>").append(Html.esc(c)).append("</th>");
      }
      h.append("</tr>\n");
      for (String g : names) {
        Map<String, String> values = Nodes.flatten(groups.path(g));
        h.append("<tr><td class=\"k\">").append(Html.esc(g)).append("</td>");
        for (String c : columns) {
          String v = values.get(c);
          h.append("<td data-key=\"slo.").append(Html.esc(g + "." + c)).append("\">")
              .append(v == null ? Numbers.DASH : Html.esc(v)).append("</td>");
        }
        h.append("</tr>\n");
      }
      h.append("</table>\n");
    }
    if (!rest.isEmpty()) {
      Tables.keyValues(h, Nodes.flatten(rest), "slo");
    }
  }
}
