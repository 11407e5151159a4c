package io.llmload.csv;

/** RFC 4180 field quoting, and the formula-injection guard for free text from the server. */
public final class Csv {
  private Csv() {
  }

  public static String field(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  /**
   * Free text that came from the server (an error message, finish_reason, response_id), made safe to open
   * in a spreadsheet: a value starting with = + - @, a tab or a carriage return gets a leading single quote
   * (OWASP's CSV-injection advice), so it is shown as text and never run as a formula. Never used for numbers.
   */
  public static String text(String value) {
    if (value == null || value.isEmpty()) {
      return value;
    }
    char c = value.charAt(0);
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + value : value;
  }

  /** The inverse of {@link #text}: the server's text as it was before the guard quote was added. */
  public static String untext(String written) {
    if (written == null || written.length() < 2 || written.charAt(0) != '\'') {
      return written;
    }
    char c = written.charAt(1);
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? written.substring(1) : written;
  }

  public static String row(Object... values) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(field(values[i]));
    }
    return sb.append('\n').toString();
  }
}
