package io.llmload.workload.schedule;

import io.llmload.config.Arrival;
import java.util.SplittableRandom;

/**
 * Draws the open model's arrival times up front, reproducibly from the seed. Gaps follow vllm bench serve:
 * gamma with shape {@code burstiness} and scale 1/(rate × burstiness), so the mean gap is 1/rate;
 * burstiness 1 is the exponential (Poisson). Unlike vllm the cumulative times are not rescaled to end at
 * exactly N/rate: each gap is a raw sample, so the gaps are exactly the stated distribution and the run's
 * length varies around N/rate. The first arrival is at 0.
 */
public final class ArrivalProcess {
  private ArrivalProcess() {
  }

  /** Arrival offsets in nanoseconds from the schedule's origin, non-decreasing, first one 0. */
  public static long[] offsetsNanos(Arrival arrival, int count, double rate, double burstiness, long seed) {
    if (count < 1 || !(rate > 0) || !(burstiness > 0)) {
      throw new IllegalArgumentException("count " + count + ", rate " + rate + ", burstiness " + burstiness);
    }
    long[] out = new long[count];
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ 0x5DEECE66DL);
    double t = 0;
    for (int i = 1; i < count; i++) {
      t += switch (arrival) {
        case EVEN -> 1 / rate;
        case POISSON -> exponential(random) / rate;
        case GAMMA -> gamma(random, burstiness) / (rate * burstiness);
      };
      out[i] = Math.round(t * 1e9);
    }
    return out;
  }

  /** A standard exponential sample (mean 1). */
  static double exponential(SplittableRandom random) {
    return -Math.log(1 - random.nextDouble());
  }

  /** A gamma sample of the given shape and scale 1 (Marsaglia and Tsang; shape below 1 by boosting). */
  static double gamma(SplittableRandom random, double shape) {
    if (shape < 1) {
      double u = random.nextDouble();
      return gamma(random, shape + 1) * Math.pow(u == 0 ? Double.MIN_VALUE : u, 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x;
      double v;
      do {
        x = normal(random);
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = random.nextDouble();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }

  private static double normal(SplittableRandom random) {
    double u1 = 1 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
