package io.llmload.servermetrics;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The number renderings of the two server-metrics CSV files (quoting is {@link io.llmload.run.Csv}'s). */
final class CsvNumbers {
  private CsvNumbers() {
  }

  /** A figure rounded to {@code decimals}; empty for null or non-finite (unknown, never 0). */
  static String number(Double v, int decimals) {
    if (v == null || v.isNaN() || v.isInfinite()) {
      return "";
    }
    BigDecimal d = BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros();
    if (d.signum() == 0) {
      return "0";
    }
    return d.toPlainString();
  }

  /** A raw sample value: integral values without ".0", NaN and ±Inf as Prometheus writes them. */
  static String raw(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }
}
