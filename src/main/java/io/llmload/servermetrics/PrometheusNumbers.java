package io.llmload.servermetrics;

/**
 * A sample's value as Prometheus writes it, for server-metrics-raw.csv and counter-reset messages (figures are
 * rendered by {@link io.llmload.metrics.Numbers}, quoting by {@link io.llmload.csv.Csv}).
 */
final class PrometheusNumbers {
  private PrometheusNumbers() {
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
