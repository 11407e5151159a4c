package io.llmload.compare;

import java.util.Locale;

/** Number formatting shared by the Markdown and HTML reports: about three significant digits. */
public final class Fmt {
  private Fmt() {
  }

  public static String num(Double v) {
    if (v == null || v.isNaN()) {
      return "—";
    }
    double a = Math.abs(v);
    String pattern = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : a == 0 ? "%.0f" : "%.3f";
    return String.format(Locale.ROOT, pattern, v);
  }

  public static String signed(Double v) {
    if (v == null || v.isNaN()) {
      return "—";
    }
    String s = num(v);
    return v > 0 ? "+" + s : v == 0 ? "0" : s.startsWith("-") ? "−" + s.substring(1) : s;
  }

  public static String pct(Double v) {
    if (v == null || v.isNaN()) {
      return "—";
    }
    String s = String.format(Locale.ROOT, "%.1f%%", v);
    return v > 0 ? "+" + s : s.startsWith("-") ? "−" + s.substring(1) : s;
  }

  public static String ci(FigureResult f) {
    if (f.ciLow() == null || f.ciHigh() == null) {
      return "—";
    }
    return "[" + signed(f.ciLow()) + ", " + signed(f.ciHigh()) + "]";
  }

  /** "TTFT p95 (ms)". */
  public static String figureWithUnit(FigureResult f) {
    String unit = f.metric() == Metric.ERROR_RATE ? "%" : f.metric().unit();
    return f.figureName() + " (" + unit + ")";
  }
}
