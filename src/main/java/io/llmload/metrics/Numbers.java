package io.llmload.metrics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Every text rendering of a number the suite writes: tables, pages, messages, CSV cells. All are
 * locale-independent (a dot, no grouping). Methods that take a boxed value write {@link #DASH} (or the
 * given text) for null and non-finite values: a missing figure is never shown as 0.
 */
public final class Numbers {
  /** What a table shows for a figure without a sample. */
  public static final String DASH = "—";

  private Numbers() {
  }

  /**
   * Up to {@code decimals} decimals (half up), trailing zeros dropped, "0" for zero: 151, 10.24,
   * 12345.5. Null or non-finite: {@link #DASH}.
   */
  public static String rounded(Number value, int decimals) {
    return rounded(value, decimals, DASH);
  }

  /** {@link #rounded(Number, int)}, with {@code missing} for null or non-finite (CSV cells use ""). */
  public static String rounded(Number value, int decimals, String missing) {
    if (value == null || !Double.isFinite(value.doubleValue())) {
      return missing;
    }
    BigDecimal bd = BigDecimal.valueOf(value.doubleValue()).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros();
    return bd.signum() == 0 ? "0" : bd.toPlainString();
  }

  /** A fraction as a percentage with up to two decimals: 0.0123 → "1.23 %". */
  public static String percent(Number fraction) {
    if (fraction == null || !Double.isFinite(fraction.doubleValue())) {
      return DASH;
    }
    return rounded(fraction.doubleValue() * 100.0, 2) + " %";
  }

  /**
   * About three significant digits with a fixed number of decimals by magnitude: 1234, 12.3, 1.23,
   * 0.123 (0 is "0"). Null or NaN: {@link #DASH}.
   */
  public static String threeDigits(Double v) {
    if (v == null || v.isNaN()) {
      return DASH;
    }
    double a = Math.abs(v);
    String pattern = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : a == 0 ? "%.0f" : "%.3f";
    return String.format(Locale.ROOT, pattern, v);
  }

  /** {@link #threeDigits} with its sign: "+1.23", "0", "−1.23" (a typographic minus). */
  public static String signedThreeDigits(Double v) {
    if (v == null || v.isNaN()) {
      return DASH;
    }
    String s = threeDigits(v);
    return v > 0 ? "+" + s : v == 0 ? "0" : s.startsWith("-") ? "−" + s.substring(1) : s;
  }

  /** A change in per cent with one decimal and its sign: "+12.5%", "0.0%", "−3.0%". */
  public static String signedPercent(Double v) {
    if (v == null || v.isNaN()) {
      return DASH;
    }
    String s = String.format(Locale.ROOT, "%.1f%%", v);
    return v > 0 ? "+" + s : s.startsWith("-") ? "−" + s.substring(1) : s;
  }

  /** A whole number without decimals, anything else with exactly two: 5, 0.25, 12.35. */
  public static String wholeOrTwoDecimals(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
  }

  /** A whole number without decimals, anything else to {@code digits} significant digits: 12, 0.1235. */
  public static String wholeOrSignificant(double v, int digits) {
    if (v == Math.rint(v) && Math.abs(v) < 1e12) {
      return Long.toString((long) v);
    }
    return significant(v, digits);
  }

  /** {@code digits} significant digits, trailing zeros dropped, never an exponent: 0.8, 2000, 0.00125. */
  public static String significant(double v, int digits) {
    return BigDecimal.valueOf(v).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
  }

  /** Exactly {@code decimals} decimals: "12.0", "3.14". Null: {@code missing}. */
  public static String fixed(Number v, int decimals, String missing) {
    return v == null ? missing : String.format(Locale.ROOT, "%." + decimals + "f", v.doubleValue());
  }

  /** Java's shortest text of a double, without ".0" when whole: 5, 2.5, 1.0E-4. */
  public static String plain(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
