package io.llmload.metrics;

/**
 * The percentiles every table reports, the one nearest-rank definition every figure uses, and how
 * figures are rounded for files.
 */
public final class Percentiles {
  public static final double[] REPORTED = {50, 90, 95, 99};

  private Percentiles() {
  }

  /** "p95", "p99.9". */
  public static String key(double p) {
    return "p" + (p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p));
  }

  /** Three decimals: microsecond resolution for millisecond figures. */
  public static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }

  /**
   * 1-based nearest rank of quantile {@code q} (0..1] among {@code n} values: the smallest k with
   * k >= q·n. The product is taken less 1e-9 so that binary rounding (0.999 · 1000 = 999.0000000000001)
   * does not push the rank one too high.
   */
  public static long rank(double q, long n) {
    long k = (long) Math.ceil(q * n - 1e-9);
    return Math.max(1, Math.min(n, k));
  }

  /**
   * The nearest-rank percentile of an ascending array, {@code p} in (0, 100]: the smallest value with at
   * least p% of the values at or below it.
   */
  public static double nearestRank(double[] sorted, double p) {
    return sorted[(int) rank(p / 100.0, sorted.length) - 1];
  }
}
