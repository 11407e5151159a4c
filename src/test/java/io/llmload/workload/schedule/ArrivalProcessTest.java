package io.llmload.workload.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmload.config.Arrival;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The arrival processes' gaps pass a one-sample Kolmogorov-Smirnov test on 10,000 gaps against the stated
 * distribution at significance 0.01 (critical D = 1.628 / sqrt(n) = 0.0163), and fail it against a wrong one,
 * so the test can tell them apart.
 */
class ArrivalProcessTest {
  private static final int N = 10_001; // 10,000 gaps
  private static final double CRITICAL = 1.628 / Math.sqrt(N - 1);
  private static final double RATE = 20;

  @Test
  void poissonGapsAreExponentialOfMeanOneOverTheRate() {
    double[] gaps = gapsSeconds(ArrivalProcess.offsetsNanos(Arrival.POISSON, N, RATE, 1, 42));
    assertThat(ks(gaps, x -> 1 - Math.exp(-RATE * x))).isLessThan(CRITICAL);
    assertThat(Arrays.stream(gaps).average().orElseThrow()).isCloseTo(1 / RATE, org.assertj.core.data.Offset.offset(0.05 / RATE));
    // the test has power: the same gaps are not exponential of twice the rate
    assertThat(ks(gaps, x -> 1 - Math.exp(-2 * RATE * x))).isGreaterThan(CRITICAL);
  }

  @Test
  void gammaGapsFollowTheGammaOfTheBurstinessAsShape() {
    for (double shape : new double[] {0.25, 0.5, 2, 4}) {
      double[] gaps = gapsSeconds(ArrivalProcess.offsetsNanos(Arrival.GAMMA, N, RATE, shape, 7));
      double scale = 1 / (RATE * shape);
      assertThat(ks(gaps, x -> regularizedGammaP(shape, x / scale))).as("shape %s", shape).isLessThan(CRITICAL);
      // and not exponential: burstiness changes the shape, not only the mean
      assertThat(ks(gaps, x -> 1 - Math.exp(-RATE * x))).as("shape %s vs exponential", shape).isGreaterThan(CRITICAL);
    }
  }

  @Test
  void gammaOfShapeOneIsPoissonAndEvenIsConstant() {
    double[] gaps = gapsSeconds(ArrivalProcess.offsetsNanos(Arrival.GAMMA, N, RATE, 1, 3));
    assertThat(ks(gaps, x -> 1 - Math.exp(-RATE * x))).isLessThan(CRITICAL);
    long[] even = ArrivalProcess.offsetsNanos(Arrival.EVEN, 5, 4, 1, 3);
    assertThat(even).containsExactly(0, 250_000_000, 500_000_000, 750_000_000, 1_000_000_000);
  }

  @Test
  void theSameSeedGivesTheSameArrivalsAndAnotherSeedOthers() {
    long[] a = ArrivalProcess.offsetsNanos(Arrival.GAMMA, 100, 5, 0.5, 11);
    assertThat(ArrivalProcess.offsetsNanos(Arrival.GAMMA, 100, 5, 0.5, 11)).containsExactly(a);
    assertThat(ArrivalProcess.offsetsNanos(Arrival.GAMMA, 100, 5, 0.5, 12)).isNotEqualTo(a);
    assertThat(a[0]).isZero();
    for (int i = 1; i < a.length; i++) {
      assertThat(a[i]).isGreaterThanOrEqualTo(a[i - 1]);
    }
  }

  @Test
  void badParametersAreRefused() {
    assertThatThrownBy(() -> ArrivalProcess.offsetsNanos(Arrival.POISSON, 10, 0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static double[] gapsSeconds(long[] offsets) {
    double[] gaps = new double[offsets.length - 1];
    for (int i = 1; i < offsets.length; i++) {
      gaps[i - 1] = (offsets[i] - offsets[i - 1]) / 1e9;
    }
    return gaps;
  }

  /** The KS statistic: the largest distance between the sample's empirical CDF and {@code cdf}. */
  static double ks(double[] sample, DoubleUnaryOperator cdf) {
    double[] sorted = sample.clone();
    Arrays.sort(sorted);
    double d = 0;
    int n = sorted.length;
    for (int i = 0; i < n; i++) {
      double f = cdf.applyAsDouble(sorted[i]);
      d = Math.max(d, Math.max((i + 1.0) / n - f, f - (double) i / n));
    }
    return d;
  }

  /** P(a, x), the regularized lower incomplete gamma function (the gamma CDF of shape a at x, scale 1). */
  static double regularizedGammaP(double a, double x) {
    if (x <= 0) {
      return 0;
    }
    if (x < a + 1) {
      double term = 1 / a;
      double sum = term;
      for (int n = 1; n < 10_000; n++) {
        term *= x / (a + n);
        sum += term;
        if (Math.abs(term) < Math.abs(sum) * 1e-15) {
          break;
        }
      }
      return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    }
    // continued fraction for Q(a, x) (modified Lentz)
    double b = x + 1 - a;
    double c = 1 / 1e-300;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < 10_000; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      d = Math.abs(d) < 1e-300 ? 1e-300 : d;
      c = b + an / c;
      c = Math.abs(c) < 1e-300 ? 1e-300 : c;
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < 1e-15) {
        break;
      }
    }
    return 1 - Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
  }

  /** ln Γ(x), Lanczos (g = 7, n = 9), x > 0. */
  static double logGamma(double x) {
    double[] g = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
    if (x < 0.5) {
      return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
    }
    x -= 1;
    double a = g[0];
    double t = x + 7.5;
    for (int i = 1; i < 9; i++) {
      a += g[i] / (x + i);
    }
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
  }

  @Test
  void theGammaCdfHelperIsRight() {
    // shape 1 is the exponential; shape 2: 1 - e^-x (1 + x)
    assertThat(regularizedGammaP(1, 0.7)).isCloseTo(1 - Math.exp(-0.7), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(regularizedGammaP(2, 3.0)).isCloseTo(1 - Math.exp(-3) * 4, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(regularizedGammaP(0.5, 0.5)).isCloseTo(0.6826894921370859, org.assertj.core.data.Offset.offset(1e-9));
  }
}
