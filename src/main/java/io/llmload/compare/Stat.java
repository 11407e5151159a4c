package io.llmload.compare;

/** Which summary of a metric: a percentile, or the run-level value itself. */
public enum Stat {
  P50(0.50, "p50", 10),
  P95(0.95, "p95", 20),
  P99(0.99, "p99", 100),
  VALUE(Double.NaN, "", 20);

  private final double quantile;
  private final String label;
  private final int minSamples;

  Stat(double quantile, String label, int minSamples) {
    this.quantile = quantile;
    this.label = label;
    this.minSamples = minSamples;
  }

  public double quantile() {
    return quantile;
  }

  public String label() {
    return label;
  }

  /**
   * Fewest samples per run (calls, for ITL and run-level figures) below which no verdict is given: a
   * p99 of fewer than 100 values is essentially the maximum, a p95 of fewer than 20 likewise.
   */
  public int minSamples() {
    return minSamples;
  }

  public static final Stat[] PERCENTILES = {P50, P95, P99};
}
