package io.llmload.compare;

import java.util.Arrays;

/**
 * The ITL gaps of one call as distinct values with counts: a 5,000-token answer with gaps of whole
 * milliseconds shrinks to a few dozen pairs, which is what makes holding every gap of a long run cheap.
 * Exact and kept per call, because compare's bootstrap resamples whole calls (clusters); the run's own
 * ITL percentiles over all gaps of a group come from {@link io.llmload.metrics.GapHistogram}.
 */
public record CallGaps(double[] values, int[] counts, long total) {

  public static CallGaps of(double[] gaps) {
    double[] sorted = gaps.clone();
    Arrays.sort(sorted);
    int runs = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        runs++;
      }
    }
    double[] values = new double[runs];
    int[] counts = new int[runs];
    int r = -1;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        values[++r] = sorted[i];
      }
      counts[r]++;
    }
    return new CallGaps(values, counts, sorted.length);
  }

  public boolean isEmpty() {
    return total == 0;
  }
}
