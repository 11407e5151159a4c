package io.llmload.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmload.metrics.Numbers;
import io.llmload.run.JsonFlattener;
import java.util.Map;

/** Reading the pages' inputs (llm-summary.json, run.json) leniently: a missing or null node is no value. */
final class Nodes {
  private Nodes() {
  }

  static Double number(JsonNode n) {
    return n != null && n.isNumber() ? n.asDouble() : null;
  }

  static String text(JsonNode n, String fallback) {
    return n == null || n.isMissingNode() || n.isNull() ? fallback : n.asText();
  }

  /** The first of the nodes with a non-blank text, or null. */
  static String firstText(JsonNode... nodes) {
    for (JsonNode n : nodes) {
      String t = text(n, null);
      if (t != null && !t.isBlank()) {
        return t;
      }
    }
    return null;
  }

  /** {@link JsonFlattener}'s dotted keys, with JSON null as "—" and numbers as the page writes figures. */
  static Map<String, String> flatten(JsonNode node) {
    return JsonFlattener.flatten(node, n -> n.isNull() ? Numbers.DASH
        : n.isNumber() ? Numbers.rounded(n.numberValue(), 6) : n.asText());
  }
}
