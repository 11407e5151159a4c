package io.llmload.compare;

import io.llmload.metrics.Percentiles;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Many values per call (ITL gaps), whose percentiles are taken over all gaps pooled. Gaps within one
 * call are correlated (same server load, same batch), so a bootstrap resamples whole calls (a cluster
 * bootstrap) and pools the gaps of the calls drawn.
 *
 * <p>Stored compactly: the distinct gap values of all calls, and per call a histogram over them. One
 * resample costs O(calls + distinct values per call), independent of how many tokens each call had.
 */
public final class ClusteredSample {
  private final double[] distinct;
  private final int[][] valueIndex;
  private final int[][] valueCount;
  private final long[] clusterSize;
  private final long[] pooledHistogram;
  private final long total;

  /** @param clusters one array of gaps per call; calls with no gap are left out */
  public ClusteredSample(double[][] clusters) {
    this(Arrays.stream(clusters).map(CallGaps::of).toList());
  }

  /** @param calls the gaps of each call; calls with no gap are left out */
  public ClusteredSample(List<CallGaps> calls) {
    double[] all = calls.stream().flatMapToDouble(h -> Arrays.stream(h.values())).distinct().sorted().toArray();
    this.distinct = all;
    int kept = (int) calls.stream().filter(h -> !h.isEmpty()).count();
    valueIndex = new int[kept][];
    valueCount = new int[kept][];
    clusterSize = new long[kept];
    pooledHistogram = new long[all.length];
    long sum = 0;
    int k = 0;
    for (CallGaps h : calls) {
      if (h.isEmpty()) {
        continue;
      }
      int[] idx = new int[h.values().length];
      for (int j = 0; j < idx.length; j++) {
        idx[j] = Arrays.binarySearch(all, h.values()[j]);
        pooledHistogram[idx[j]] += h.counts()[j];
      }
      valueIndex[k] = idx;
      valueCount[k] = h.counts();
      clusterSize[k] = h.total();
      sum += h.total();
      k++;
    }
    total = sum;
  }

  /** Number of calls (clusters) with at least one gap. */
  public int clusters() {
    return clusterSize.length;
  }

  public long totalValues() {
    return total;
  }

  double[] distinctValues() {
    return distinct;
  }

  long[] pooledHistogram() {
    return pooledHistogram;
  }

  public double percentile(double q) {
    if (total == 0) {
      return Double.NaN;
    }
    long target = Percentiles.rank(q, total);
    long cumulative = 0;
    for (int j = 0; j < distinct.length; j++) {
      cumulative += pooledHistogram[j];
      if (cumulative >= target) {
        return distinct[j];
      }
    }
    return distinct[distinct.length - 1];
  }

  /** Percentiles (ascending qs) of one cluster resample; scratch arrays sized clusters() and distinct count. */
  void resamplePercentiles(SplittableRandom random, double[] qs, double[] out, int[] multiplicity, long[] histogram) {
    int n = clusterSize.length;
    Arrays.fill(multiplicity, 0);
    Arrays.fill(histogram, 0);
    for (int i = 0; i < n; i++) {
      multiplicity[random.nextInt(n)]++;
    }
    long weight = 0;
    for (int c = 0; c < n; c++) {
      int m = multiplicity[c];
      if (m == 0) {
        continue;
      }
      weight += m * clusterSize[c];
      int[] idx = valueIndex[c];
      int[] cnt = valueCount[c];
      for (int j = 0; j < idx.length; j++) {
        histogram[idx[j]] += (long) m * cnt[j];
      }
    }
    int qi = 0;
    long target = Percentiles.rank(qs[0], weight);
    long cumulative = 0;
    for (int j = 0; j < distinct.length && qi < qs.length; j++) {
      cumulative += histogram[j];
      while (qi < qs.length && cumulative >= target) {
        out[qi++] = distinct[j];
        if (qi < qs.length) {
          target = Percentiles.rank(qs[qi], weight);
        }
      }
    }
  }
}
