package io.llmload.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmload.metrics.Numbers;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
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

  /** Nested objects as dotted keys; arrays of scalars joined with ", ", anything else as JSON text. */
  static Map<String, String> flatten(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node != null && !node.isMissingNode() && !node.isNull()) {
      flatten("", node, out);
    }
    return out;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      if (node.isEmpty() && !prefix.isEmpty()) {
        out.put(prefix, "{}");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
      }
    } else if (node.isArray()) {
      boolean scalars = true;
      for (JsonNode v : node) {
        scalars &= v.isValueNode();
      }
      if (scalars) {
        List<String> parts = new ArrayList<>();
        node.forEach(v -> parts.add(v.isNull() ? "null" : v.asText()));
        out.put(prefix, String.join(", ", parts));
      } else {
        out.put(prefix, node.toString());
      }
    } else if (node.isNull()) {
      out.put(prefix, Numbers.DASH);
    } else {
      out.put(prefix, node.isNumber() ? Numbers.rounded(node.numberValue(), 6) : node.asText());
    }
  }
}
