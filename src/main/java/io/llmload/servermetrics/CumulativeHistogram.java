package io.llmload.servermetrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A Prometheus histogram reduced to one cumulative bucket list: {@code upperBounds[i]} is the
 * {@code le} edge and {@code cumulativeCounts[i]} the number of observations {@code <= le}; the last
 * edge is normally {@code +Inf}. Built by summing the label sets (engines, models, replicas) of one
 * family over the bucket edges they all share. Immutable.
 */
public final class CumulativeHistogram {
  private final double[] upperBounds;
  private final double[] cumulativeCounts;
  private final double sum;
  private final double count;

  CumulativeHistogram(double[] upperBounds, double[] cumulativeCounts, double sum, double count) {
    if (upperBounds.length != cumulativeCounts.length) {
      throw new IllegalArgumentException("bounds and counts differ in length");
    }
    this.upperBounds = upperBounds.clone();
    this.cumulativeCounts = cumulativeCounts.clone();
    this.sum = sum;
    this.count = count;
  }

  /** For tests and callers that have plain numbers: edges must be ascending. */
  public static CumulativeHistogram of(double[] upperBounds, double[] cumulativeCounts, double sum, double count) {
    for (int i = 1; i < upperBounds.length; i++) {
      if (!(upperBounds[i] > upperBounds[i - 1])) {
        throw new IllegalArgumentException("bucket edges must be ascending");
      }
    }
    return new CumulativeHistogram(upperBounds, cumulativeCounts, sum, count);
  }

  /**
   * Sums the {@code _bucket}, {@code _sum} and {@code _count} samples of one family over label sets.
   * Only the {@code le} edges present in every label set are kept (replicas running different vLLM
   * versions may differ). Returns {@code null} when there is no bucket sample.
   */
  static CumulativeHistogram fromSamples(List<Sample> buckets, List<Sample> sums, List<Sample> counts) {
    if (buckets.isEmpty()) {
      return null;
    }
    Map<String, Map<Double, Double>> bySeries = new LinkedHashMap<>();
    for (Sample b : buckets) {
      Double le = PrometheusTextParser.parseValue(b.label("le").strip());
      bySeries.computeIfAbsent(b.labelsTextWithout("le"), k -> new HashMap<>()).merge(le, b.value(), Double::sum);
    }
    TreeSet<Double> common = null;
    for (Map<Double, Double> series : bySeries.values()) {
      if (common == null) {
        common = new TreeSet<>(series.keySet());
      } else {
        common.retainAll(series.keySet());
      }
    }
    double[] bounds = new double[common.size()];
    double[] cum = new double[common.size()];
    int i = 0;
    for (double le : common) {
      bounds[i] = le;
      for (Map<Double, Double> series : bySeries.values()) {
        cum[i] += series.get(le);
      }
      i++;
    }
    return new CumulativeHistogram(bounds, cum, finiteSum(sums), finiteSum(counts));
  }

  private static double finiteSum(List<Sample> samples) {
    double total = 0;
    for (Sample s : samples) {
      if (!Double.isNaN(s.value())) {
        total += s.value();
      }
    }
    return total;
  }

  /** Element-wise sum over the edges both share (replicas). */
  public CumulativeHistogram plus(CumulativeHistogram other) {
    return combine(other, 1);
  }

  /** Element-wise difference {@code this - earlier} over the edges both share: the observations in between. */
  public CumulativeHistogram minus(CumulativeHistogram earlier) {
    return combine(earlier, -1);
  }

  private CumulativeHistogram combine(CumulativeHistogram other, int sign) {
    List<Double> bounds = new ArrayList<>();
    List<Double> cum = new ArrayList<>();
    int j = 0;
    for (int i = 0; i < upperBounds.length; i++) {
      while (j < other.upperBounds.length && other.upperBounds[j] < upperBounds[i]) {
        j++;
      }
      if (j < other.upperBounds.length && other.upperBounds[j] == upperBounds[i]) {
        bounds.add(upperBounds[i]);
        cum.add(cumulativeCounts[i] + sign * other.cumulativeCounts[j]);
      }
    }
    return new CumulativeHistogram(
        bounds.stream().mapToDouble(Double::doubleValue).toArray(),
        cum.stream().mapToDouble(Double::doubleValue).toArray(),
        sum + sign * other.sum,
        count + sign * other.count);
  }

  /** True when some counter here is below the same counter in {@code earlier}: a reset in between. */
  public boolean decreasedFrom(CumulativeHistogram earlier) {
    CumulativeHistogram d = minus(earlier);
    if (d.count < 0 || d.sum < 0) {
      return true;
    }
    for (double c : d.cumulativeCounts) {
      if (c < 0) {
        return true;
      }
    }
    return false;
  }

  /** Observations: the {@code +Inf} bucket when present, else {@code _count}. */
  public double total() {
    int last = upperBounds.length - 1;
    if (last >= 0 && upperBounds[last] == Double.POSITIVE_INFINITY) {
      return cumulativeCounts[last];
    }
    return count;
  }

  public double sum() {
    return sum;
  }

  public double count() {
    return count;
  }

  public double[] upperBounds() {
    return upperBounds.clone();
  }

  public double[] cumulativeCounts() {
    return cumulativeCounts.clone();
  }

  /** {@code _sum / _count}, or {@code null} when nothing was observed. */
  public Double mean() {
    return count > 0 ? sum / count : null;
  }

  /**
   * Estimates the q-quantile (0 &lt; q &le; 1) like PromQL's {@code histogram_quantile}: find the
   * bucket holding rank {@code q × total} and interpolate linearly between its edges (the first
   * bucket starts at 0). It is an estimate: the true value is only known to lie between the edges
   * of that bucket. Differences from Prometheus, on purpose: when the rank falls in the last finite
   * bucket the bucket's upper edge is returned (a bound, no interpolation), and when it falls in
   * the {@code +Inf} bucket the answer is {@code null} (unknown) instead of the last finite edge.
   * Returns {@code null} when there are no observations.
   */
  public Double quantile(double q) {
    if (!(q > 0 && q <= 1)) {
      throw new IllegalArgumentException("quantile must be in (0, 1]: " + q);
    }
    double total = total();
    if (!(total > 0) || upperBounds.length == 0) {
      return null;
    }
    double rank = q * total;
    int lastFinite = upperBounds.length - 1;
    if (upperBounds[lastFinite] == Double.POSITIVE_INFINITY) {
      lastFinite--;
    }
    int i = 0;
    while (i < cumulativeCounts.length && cumulativeCounts[i] < rank) {
      i++;
    }
    if (i >= upperBounds.length || upperBounds[i] == Double.POSITIVE_INFINITY) {
      return null;
    }
    double upper = upperBounds[i];
    if (i == lastFinite) {
      return upper;
    }
    double lower;
    double below;
    if (i == 0) {
      if (upper <= 0) {
        return upper;
      }
      lower = 0;
      below = 0;
    } else {
      lower = upperBounds[i - 1];
      below = cumulativeCounts[i - 1];
    }
    double inBucket = cumulativeCounts[i] - below;
    if (!(inBucket > 0)) {
      return upper;
    }
    return lower + (upper - lower) * ((rank - below) / inBucket);
  }

  @Override
  public String toString() {
    return "CumulativeHistogram{le=" + Arrays.toString(upperBounds) + ", cum=" + Arrays.toString(cumulativeCounts)
        + ", sum=" + sum + ", count=" + count + "}";
  }
}
