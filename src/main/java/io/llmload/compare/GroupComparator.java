package io.llmload.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Compares one group of a run against the same group of the baseline: for every figure the point
 * estimates, the difference (absolute and per cent) and a 95% confidence interval for the difference,
 * classified as better / worse / no significant change / insufficient data.
 *
 * <p>Intervals are seeded percentile bootstraps: each run is resampled independently
 * ({@link #resamples()} times), the figure recomputed on both resamples, and the 2.5th and 97.5th
 * percentiles of the differences taken.
 * <ul>
 *   <li>Per-call metrics: resample the calls' values ({@link SortedSample}).</li>
 *   <li>ITL: resample calls, pool their gaps ({@link ClusteredSample}); gaps of one call are not
 *       independent, so resampling gaps would make the interval far too narrow.</li>
 *   <li>Request and output-token throughput: Σ / run duration, by a paired block bootstrap. Each run is
 *       cut into {@value #THROUGHPUT_BLOCKS} equal time blocks (completions, or their output tokens, per
 *       block); one resample draws block positions and takes the same positions from both runs. Pairing
 *       cancels the ramp-up and drain both runs share (comparable runs follow the same injection
 *       profile), which would otherwise swamp the interval. Resampling calls instead would keep the
 *       number of calls fixed and give a zero-width interval for requests/s.</li>
 *   <li>Error rate: Newcombe's hybrid score interval (from two Wilson intervals) for the difference of
 *       two proportions; unlike a bootstrap it behaves when errors are rare or absent.</li>
 * </ul>
 * Random streams are derived from (seed, group, metric, side), so results do not depend on the order
 * in which figures are computed.
 */
public final class GroupComparator {
  public static final int DEFAULT_RESAMPLES = 2000;
  public static final long DEFAULT_SEED = 42L;
  public static final int THROUGHPUT_BLOCKS = 40;
  static final int CHUNKS = 16;
  static final double Z95 = 1.959963984540054;
  private static final double[] QUANTILES = {Stat.P50.quantile(), Stat.P95.quantile(), Stat.P99.quantile()};

  /** The figures every group reports, in display order. */
  public static final List<Metric> METRICS = List.of(Metric.TTFT, Metric.TTFO, Metric.TPOT, Metric.E2E, Metric.ITL,
      Metric.CALL_OUTPUT_TOKENS_PER_S, Metric.REQUEST_THROUGHPUT, Metric.OUTPUT_THROUGHPUT, Metric.ERROR_RATE);

  private final int resamples;
  private final long seed;

  public GroupComparator(int resamples, long seed) {
    if (resamples < 100) {
      throw new IllegalArgumentException("resamples=" + resamples + " is too few for a 95% interval; use at least 100");
    }
    this.resamples = resamples;
    this.seed = seed;
  }

  public GroupComparator() {
    this(DEFAULT_RESAMPLES, DEFAULT_SEED);
  }

  public int resamples() {
    return resamples;
  }

  public long seed() {
    return seed;
  }

  /** All figures of one group; metrics are computed in parallel, results in {@link #METRICS} order. */
  public List<FigureResult> compare(String group, GroupSamples baseline, GroupSamples current) {
    return METRICS.parallelStream()
        .map(m -> compare(group, m, baseline, current))
        .flatMap(List::stream)
        .toList();
  }

  /** The figures of one metric (three percentiles, or one run-level value). */
  public List<FigureResult> compare(String group, Metric metric, GroupSamples baseline, GroupSamples current) {
    return switch (metric.kind()) {
      case PER_CALL -> percentiles(group, metric, baseline.perCall(metric), current.perCall(metric));
      case PER_GAP -> itl(group, baseline.itl(), current.itl());
      case RUN -> List.of(metric == Metric.ERROR_RATE ? errorRate(group, baseline, current)
          : throughput(group, metric, baseline, current));
    };
  }

  private List<FigureResult> percentiles(String group, Metric metric, SortedSample b, SortedSample c) {
    int n = Math.min(b.size(), c.size());
    double[][] bs = null;
    double[][] cs = null;
    if (n >= Stat.P50.minSamples()) {
      bs = new double[3][resamples];
      cs = new double[3][resamples];
      resample(b, streamSeed(group, metric, 0), bs);
      resample(c, streamSeed(group, metric, 1), cs);
    }
    List<FigureResult> out = new ArrayList<>(3);
    for (int i = 0; i < 3; i++) {
      Stat stat = Stat.PERCENTILES[i];
      out.add(figure(group, metric, stat, b.percentile(stat.quantile()), c.percentile(stat.quantile()),
          bs == null ? null : bs[i], cs == null ? null : cs[i], b.size(), c.size()));
    }
    return out;
  }

  private List<FigureResult> itl(String group, ClusteredSample b, ClusteredSample c) {
    int n = Math.min(b.clusters(), c.clusters());
    double[][] bs = null;
    double[][] cs = null;
    if (n >= Stat.P50.minSamples()) {
      bs = new double[3][resamples];
      cs = new double[3][resamples];
      resample(b, streamSeed(group, Metric.ITL, 0), bs);
      resample(c, streamSeed(group, Metric.ITL, 1), cs);
    }
    List<FigureResult> out = new ArrayList<>(3);
    for (int i = 0; i < 3; i++) {
      Stat stat = Stat.PERCENTILES[i];
      out.add(figure(group, Metric.ITL, stat, b.percentile(stat.quantile()), c.percentile(stat.quantile()),
          bs == null ? null : bs[i], cs == null ? null : cs[i], b.clusters(), c.clusters()));
    }
    return out;
  }

  /**
   * Resamples are computed in {@value #CHUNKS} fixed chunks, each with its own random stream derived
   * from the figure's seed, run in parallel: the result is the same whatever the number of threads.
   */
  private void resample(SortedSample s, long streamSeed, double[][] into) {
    IntStream.range(0, CHUNKS).parallel().forEach(k -> {
      SplittableRandom random = new SplittableRandom(mix(streamSeed + k));
      int[] counts = new int[s.size()];
      double[] out = new double[3];
      for (int r = k * resamples / CHUNKS; r < (k + 1) * resamples / CHUNKS; r++) {
        s.resamplePercentiles(random, QUANTILES, out, counts);
        into[0][r] = out[0];
        into[1][r] = out[1];
        into[2][r] = out[2];
      }
    });
  }

  private void resample(ClusteredSample s, long streamSeed, double[][] into) {
    IntStream.range(0, CHUNKS).parallel().forEach(k -> {
      SplittableRandom random = new SplittableRandom(mix(streamSeed + k));
      int[] multiplicity = new int[s.clusters()];
      long[] histogram = new long[s.distinctValues().length];
      double[] out = new double[3];
      for (int r = k * resamples / CHUNKS; r < (k + 1) * resamples / CHUNKS; r++) {
        s.resamplePercentiles(random, QUANTILES, out, multiplicity, histogram);
        into[0][r] = out[0];
        into[1][r] = out[1];
        into[2][r] = out[2];
      }
    });
  }

  private FigureResult throughput(String group, Metric metric, GroupSamples b, GroupSamples c) {
    boolean tokens = metric == Metric.OUTPUT_THROUGHPUT;
    double bPoint = tokens ? b.outputThroughput() : b.requestThroughput();
    double cPoint = tokens ? c.outputThroughput() : c.requestThroughput();
    double[] bs = null;
    double[] cs = null;
    boolean durations = b.durationSeconds() > 0 && c.durationSeconds() > 0;
    if (durations && Math.min(b.okCalls(), c.okCalls()) >= Stat.VALUE.minSamples()) {
      double[] bSums = blockSums(b.completionSeconds(), tokens ? b.outputTokens() : null, b.durationSeconds(),
          THROUGHPUT_BLOCKS);
      double[] cSums = blockSums(c.completionSeconds(), tokens ? c.outputTokens() : null, c.durationSeconds(),
          THROUGHPUT_BLOCKS);
      bs = new double[resamples];
      cs = new double[resamples];
      SplittableRandom random = random(group, metric, 0);
      for (int r = 0; r < resamples; r++) {
        double bTotal = 0;
        double cTotal = 0;
        for (int i = 0; i < THROUGHPUT_BLOCKS; i++) {
          int block = random.nextInt(THROUGHPUT_BLOCKS);
          bTotal += bSums[block];
          cTotal += cSums[block];
        }
        bs[r] = bTotal / b.durationSeconds();
        cs[r] = cTotal / c.durationSeconds();
      }
    }
    return figure(group, metric, Stat.VALUE, bPoint, cPoint, bs, cs, b.okCalls(), c.okCalls());
  }

  /** Completions (or their weights) per equal time block of [0, duration]; late ones count in the last block. */
  static double[] blockSums(double[] times, double[] weights, double duration, int blocks) {
    double[] sums = new double[blocks];
    for (int i = 0; i < times.length; i++) {
      int block = (int) Math.floor(times[i] / duration * blocks);
      block = Math.max(0, Math.min(blocks - 1, block));
      sums[block] += weights == null ? 1 : weights[i];
    }
    return sums;
  }

  private FigureResult errorRate(String group, GroupSamples b, GroupSamples c) {
    double p0 = b.errorRate();
    double p1 = c.errorRate();
    Double bPct = Double.isNaN(p0) ? null : p0 * 100;
    Double cPct = Double.isNaN(p1) ? null : p1 * 100;
    Double delta = bPct == null || cPct == null ? null : cPct - bPct;
    Double deltaPct = delta == null || bPct == 0 ? null : delta / bPct * 100;
    if (Math.min(b.calls(), c.calls()) < Stat.VALUE.minSamples()) {
      return new FigureResult(group, Metric.ERROR_RATE, Stat.VALUE, bPct, cPct, delta, deltaPct, null, null, null,
          null, Change.INSUFFICIENT_DATA, b.calls(), c.calls());
    }
    double[] w0 = wilson(b.failed(), b.calls());
    double[] w1 = wilson(c.failed(), c.calls());
    double d = p1 - p0;
    double lo = d - Math.sqrt(sq(p1 - w1[0]) + sq(w0[1] - p0));
    double hi = d + Math.sqrt(sq(w1[1] - p1) + sq(p0 - w0[0]));
    return new FigureResult(group, Metric.ERROR_RATE, Stat.VALUE, bPct, cPct, delta, deltaPct, lo * 100, hi * 100,
        null, null, classify(Metric.ERROR_RATE, lo, hi), b.calls(), c.calls());
  }

  /** Wilson score interval {low, high} for a proportion of k in n. */
  static double[] wilson(long k, long n) {
    double p = (double) k / n;
    double z2 = Z95 * Z95;
    double denom = 1 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denom;
    double half = Z95 / denom * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }

  private static double sq(double x) {
    return x * x;
  }

  private FigureResult figure(String group, Metric metric, Stat stat, double bPoint, double cPoint, double[] bs,
                              double[] cs, int nb, int nc) {
    Double b = Double.isNaN(bPoint) ? null : bPoint;
    Double c = Double.isNaN(cPoint) ? null : cPoint;
    Double delta = b == null || c == null ? null : c - b;
    Double deltaPct = delta == null || b == 0 ? null : delta / b * 100;
    if (bs == null || cs == null || Math.min(nb, nc) < stat.minSamples() || delta == null) {
      return new FigureResult(group, metric, stat, b, c, delta, deltaPct, null, null, null, null,
          Change.INSUFFICIENT_DATA, nb, nc);
    }
    double[] diffs = new double[resamples];
    double[] ratios = new double[resamples];
    boolean ratiosDefined = true;
    for (int r = 0; r < resamples; r++) {
      diffs[r] = cs[r] - bs[r];
      if (bs[r] > 0) {
        ratios[r] = (cs[r] / bs[r] - 1) * 100;
      } else {
        ratiosDefined = false;
      }
    }
    Arrays.sort(diffs);
    double lo = quantileOfSorted(diffs, 0.025);
    double hi = quantileOfSorted(diffs, 0.975);
    Double loPct = null;
    Double hiPct = null;
    if (ratiosDefined) {
      Arrays.sort(ratios);
      loPct = quantileOfSorted(ratios, 0.025);
      hiPct = quantileOfSorted(ratios, 0.975);
    }
    return new FigureResult(group, metric, stat, b, c, delta, deltaPct, lo, hi, loPct, hiPct,
        classify(metric, lo, hi), nb, nc);
  }

  /** Linear interpolation between order statistics (Hyndman-Fan type 7). */
  static double quantileOfSorted(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  static Change classify(Metric metric, double ciLow, double ciHigh) {
    if (ciLow > 0) {
      return metric.lowerIsBetter() ? Change.WORSE : Change.BETTER;
    }
    if (ciHigh < 0) {
      return metric.lowerIsBetter() ? Change.BETTER : Change.WORSE;
    }
    return Change.NO_SIGNIFICANT_CHANGE;
  }

  private SplittableRandom random(String group, Metric metric, int side) {
    return new SplittableRandom(streamSeed(group, metric, side));
  }

  /** The seed of one figure's random stream: a function of (seed, group, metric, side) only. */
  private long streamSeed(String group, Metric metric, int side) {
    long h = mix(seed);
    h = mix(h ^ group.hashCode());
    h = mix(h ^ metric.name().hashCode());
    return mix(h ^ side);
  }

  /** Stafford's mix13 (the SplittableRandom finalizer): decorrelates nearby seeds. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
