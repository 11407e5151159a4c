package io.llmload.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A JSON tree as dotted keys ({@code {"llm":{"users":3}}} → {@code llm.users}), in document order. An
 * empty nested object is {@code "{}"}, an array of scalars its values joined with ", " (JSON null as
 * "null"), any other array its JSON text. How a scalar reads is the caller's: {@code leaf} may return
 * null to leave the key out.
 */
public final class JsonFlattener {
  private JsonFlattener() {
  }

  /** Scalars as their text; JSON null left out. */
  public static Map<String, String> flatten(JsonNode node) {
    return flatten(node, n -> n.isNull() ? null : n.asText());
  }

  /** Empty for a missing or null node. */
  public static Map<String, String> flatten(JsonNode node, Function<JsonNode, String> leaf) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node != null && !node.isMissingNode() && !node.isNull()) {
      flatten("", node, leaf, out);
    }
    return out;
  }

  private static void flatten(String prefix, JsonNode node, Function<JsonNode, String> leaf, Map<String, String> out) {
    if (node.isObject()) {
      if (node.isEmpty() && !prefix.isEmpty()) {
        out.put(prefix, "{}");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), leaf, out);
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
    } else {
      String value = leaf.apply(node);
      if (value != null) {
        out.put(prefix, value);
      }
    }
  }
}
