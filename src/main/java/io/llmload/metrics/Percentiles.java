package io.llmload.metrics;

/** The percentiles every table reports, and how figures are rounded for files. */
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
}
