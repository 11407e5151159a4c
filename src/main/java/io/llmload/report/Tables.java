package io.llmload.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmload.config.Redaction;
import io.llmload.metrics.Numbers;
import java.util.Map;

/** The table pieces every section of llm-report.html writes: figure cells, key/value rows. */
final class Tables {
  private Tables() {
  }

  /** A figure cell with up to {@code decimals} decimals; {@code key} (may be null) names it for tests. */
  static void cell(StringBuilder h, JsonNode value, int decimals, String key) {
    cell(h, Numbers.rounded(Nodes.number(value), decimals), key);
  }

  /** A cell holding an already formatted figure. */
  static void cell(StringBuilder h, String text, String key) {
    h.append("<td");
    if (key != null) {
      h.append(" data-key=\"").append(Html.esc(key)).append('"');
    }
    h.append('>').append(Html.esc(text)).append("</td>");
  }

  /** A key/value row; a null value is a dash. */
  static void row(StringBuilder h, String key, String value) {
    h.append("<tr><th class=\"k\">").append(Html.esc(key)).append("</th><td class=\"text\">")
        .append(value == null ? Numbers.DASH : Html.esc(value)).append("</td></tr>\n");
  }

  /** A two-column table of flattened values, each shown as {@link Redaction#value} writes it. */
  static void keyValues(StringBuilder h, Map<String, String> values, String id) {
    h.append("<table id=\"").append(Html.esc(id)).append("\">\n");
    for (Map.Entry<String, String> e : values.entrySet()) {
      row(h, e.getKey(), Redaction.value(e.getKey(), e.getValue()));
    }
    h.append("</table>\n");
  }
}
