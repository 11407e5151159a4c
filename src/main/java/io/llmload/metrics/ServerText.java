package io.llmload.metrics;

/**
 * Text a server chose (model ids, error messages, metric names) before it is kept or printed. A server
 * can send anything: control characters that rewrite a terminal, line breaks and '|' that break a
 * Markdown table, megabytes of message. {@link #clean} makes such text one printable line of bounded
 * length, safe in a Markdown table cell; it is the one function every place that prints server text
 * uses. {@link #line} is the same without the Markdown escape, for text kept as data (a call's failure
 * reason in llm-calls.csv, whose quoting is the CSV writer's).
 */
public final class ServerText {
  /** The longest server text kept or printed, in characters (a longer one is cut and marked). */
  public static final int MAX_CHARS = 500;

  private ServerText() {
  }

  /** {@link #clean(String, int)} with {@link #MAX_CHARS}. */
  public static String clean(String text) {
    return clean(text, MAX_CHARS);
  }

  /** {@link #clean(String, int)} without escaping '|'. */
  public static String line(String text, int maxChars) {
    return bounded(text, maxChars, false);
  }

  /**
   * One printable line of at most {@code maxChars} characters plus a "… (N more characters)" marker:
   * line breaks and tabs become spaces, other control characters (C0, DEL, C1, and bidi overrides) are
   * dropped, and '|' is escaped as "\|" so the text stays inside one Markdown table cell. Null stays null.
   */
  public static String clean(String text, int maxChars) {
    return bounded(text, maxChars, true);
  }

  private static String bounded(String text, int maxChars, boolean markdown) {
    if (text == null) {
      return null;
    }
    int limit = Math.min(text.length(), maxChars);
    StringBuilder out = new StringBuilder(limit + 16);
    int i = 0;
    for (; i < limit; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r' || c == '\t') {
        out.append(' ');
      } else if (c == '|' && markdown) {
        out.append("\\|");
      } else if (!invisible(c)) {
        out.append(c);
      }
    }
    if (i < text.length()) {
      out.append("… (").append(text.length() - i).append(" more characters)");
    }
    return out.toString();
  }

  private static boolean invisible(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
  }
}
