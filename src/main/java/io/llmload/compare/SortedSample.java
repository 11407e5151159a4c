package io.llmload.compare;

import io.llmload.metrics.Percentiles;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One value per call, sorted once. Percentiles use the nearest-rank definition ({@link Percentiles#rank}).
 * A bootstrap resample is drawn as multiplicities: n uniform draws counted per sorted index, then one
 * cumulative scan finds every requested percentile — O(n) per resample, no copying and no sorting.
 */
public final class SortedSample {
  private final double[] values;

  public SortedSample(double[] values) {
    this.values = values.clone();
    Arrays.sort(this.values);
  }

  public int size() {
    return values.length;
  }

  /** The sorted values (do not modify). */
  double[] sorted() {
    return values;
  }

  public double percentile(double q) {
    if (values.length == 0) {
      return Double.NaN;
    }
    return values[(int) Percentiles.rank(q, values.length) - 1];
  }

  /**
   * Percentiles (ascending {@code qs}) of one bootstrap resample, written to {@code out}.
   * {@code counts} is scratch space of length {@link #size()}.
   */
  void resamplePercentiles(SplittableRandom random, double[] qs, double[] out, int[] counts) {
    int n = values.length;
    Arrays.fill(counts, 0);
    for (int i = 0; i < n; i++) {
      counts[random.nextInt(n)]++;
    }
    int qi = 0;
    long target = Percentiles.rank(qs[0], n);
    long cumulative = 0;
    for (int j = 0; j < n && qi < qs.length; j++) {
      cumulative += counts[j];
      while (qi < qs.length && cumulative >= target) {
        out[qi++] = values[j];
        if (qi < qs.length) {
          target = Percentiles.rank(qs[qi], n);
        }
      }
    }
  }
}
