package io.llmload.matrix;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The line of every node of a JSON or YAML document, by JSON pointer ("/configurations/1/grid/seqs"), from the
 * parser's token locations: a field's line is its key's, an array element's is where the element begins.
 */
final class SourceLines {
  private final Map<String, Integer> lines = new HashMap<>();

  private SourceLines() {
  }

  /** Reads every token of the parser (which must not have started) and records where each node is. */
  static SourceLines of(JsonParser parser) throws IOException {
    SourceLines out = new SourceLines();
    for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
      int line = parser.currentTokenLocation().getLineNr();
      JsonStreamContext ctx = parser.getParsingContext();
      if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        ctx = ctx.getParent();
      }
      if (ctx == null || t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
        continue;
      }
      out.lines.putIfAbsent(ctx.pathAsPointer().toString(), line);
    }
    return out;
  }

  /** The line of the node at {@code pointer}, else of its nearest recorded ancestor, else 1. */
  int line(String pointer) {
    String p = pointer;
    while (true) {
      Integer l = lines.get(p);
      if (l != null) {
        return l;
      }
      if (p.isEmpty()) {
        return 1;
      }
      JsonPointer parent = JsonPointer.compile(p).head();
      p = parent == null ? "" : parent.toString();
    }
  }
}
