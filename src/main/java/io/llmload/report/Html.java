package io.llmload.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Escaping for everything that goes into the generated pages. Labels, model names, error messages and
 * config values come from users or servers: they are text, never markup or script.
 */
public final class Html {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Html() {
  }

  /** Text content and attribute values (double- or single-quoted). */
  public static String esc(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
            sb.append(' '); // control characters are not allowed in HTML text
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  /**
   * JSON for a {@code <script type="application/json">} block: {@code <}, {@code >} and {@code &} are
   * written as \\u escapes (legal JSON, identical after JSON.parse), so no value can close the script
   * element or open a comment; U+2028/2029 are escaped for old JS parsers.
   */
  public static String scriptJson(Object value) {
    String json;
    try {
      json = JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize report data", e);
    }
    StringBuilder sb = new StringBuilder(json.length() + 64);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      switch (c) {
        case '<' -> sb.append("\\u003c");
        case '>' -> sb.append("\\u003e");
        case '&' -> sb.append("\\u0026");
        case '\u2028' -> sb.append("\\u2028");
        case '\u2029' -> sb.append("\\u2029");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Inline JS/CSS source: a literal {@code </script} or {@code </style} inside it would end the element. */
  public static String inlineSource(String source, String element) {
    String closer = "</" + element;
    if (source.toLowerCase(java.util.Locale.ROOT).contains(closer)) {
      throw new IllegalStateException("inlined source contains " + closer + " and would break the page");
    }
    return source;
  }
}
