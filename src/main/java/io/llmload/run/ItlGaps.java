package io.llmload.run;

import io.llmload.csv.CsvTable;
import java.util.Arrays;

/**
 * The gaps_ms field of llm-itl.csv: inter-token gaps in milliseconds, separated by spaces. A gap is a
 * whole number ({@code 12}) or a decimal ({@code 12.5}); anything else (a sign, an exponent, a letter)
 * is an error naming the file, line and column. Whole gaps are parsed without allocating.
 */
public final class ItlGaps {
  private static final double[] NONE = new double[0];

  private ItlGaps() {
  }

  /** The gaps of the table's current row in {@code column}; empty when the field is empty. */
  public static double[] parse(CsvTable table, int column) {
    String s = table.string(column);
    if (s == null || s.isBlank()) {
      return NONE;
    }
    double[] out = new double[16];
    int n = 0;
    int i = 0;
    int len = s.length();
    while (i < len) {
      if (s.charAt(i) == ' ') {
        i++;
        continue;
      }
      int start = i;
      while (i < len && s.charAt(i) != ' ') {
        i++;
      }
      double value = token(s, start, i);
      if (Double.isNaN(value)) {
        throw table.bad(column, s.substring(start, i),
            "a number of milliseconds (gaps_ms holds space-separated whole or decimal milliseconds)");
      }
      if (n == out.length) {
        out = Arrays.copyOf(out, n * 2);
      }
      out[n++] = value;
    }
    return Arrays.copyOf(out, n);
  }

  /** digits, or digits '.' digits; NaN when the text is anything else. */
  private static double token(String s, int start, int end) {
    long whole = 0;
    int i = start;
    while (i < end && isDigit(s.charAt(i))) {
      if (i - start < 15) {
        whole = whole * 10 + (s.charAt(i) - '0');
      }
      i++;
    }
    if (i == start) {
      return Double.NaN;
    }
    if (i == end) {
      return i - start <= 15 ? whole : Double.parseDouble(s.substring(start, end));
    }
    if (s.charAt(i) != '.' || i + 1 == end) {
      return Double.NaN;
    }
    for (int j = i + 1; j < end; j++) {
      if (!isDigit(s.charAt(j))) {
        return Double.NaN;
      }
    }
    return Double.parseDouble(s.substring(start, end));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
