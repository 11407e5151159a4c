package io.llmload.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exact distribution of per-call figures (one value per call: a run has thousands, not millions).
 * Percentiles are nearest-rank ({@link Percentiles#nearestRank}), so each is a value that was measured.
 */
public final class Distribution {
  private double[] values = new double[64];
  private int count;

  public void add(double value) {
    if (count == values.length) {
      values = Arrays.copyOf(values, count * 2);
    }
    values[count++] = value;
  }

  public int count() {
    return count;
  }

  /** count, p50, p90, p95, p99, mean, max; every figure null when there is no sample. */
  public Map<String, Object> summary() {
    double[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("count", count);
    for (double p : Percentiles.REPORTED) {
      out.put(Percentiles.key(p), count == 0 ? null : Percentiles.round(Percentiles.nearestRank(sorted, p)));
    }
    double sum = 0;
    for (int i = 0; i < count; i++) {
      sum += sorted[i];
    }
    out.put("mean", count == 0 ? null : Percentiles.round(sum / count));
    out.put("max", count == 0 ? null : Percentiles.round(sorted[count - 1]));
    return out;
  }

  /** The nearest-rank percentile, or null without samples. */
  public Double percentile(double p) {
    if (count == 0) {
      return null;
    }
    double[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    return Percentiles.nearestRank(sorted, p);
  }
}
