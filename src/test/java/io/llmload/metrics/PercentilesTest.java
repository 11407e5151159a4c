package io.llmload.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PercentilesTest {
  private static double[] oneTo(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = i + 1;
    }
    return v;
  }

  @Test
  void p999OfAThousandValuesIsThe999th() {
    assertThat(Percentiles.rank(0.999, 1000)).isEqualTo(999);
    assertThat(Percentiles.nearestRank(oneTo(1000), 99.9)).isEqualTo(999.0);
  }

  @Test
  void p50OfTwoValuesIsTheFirst() {
    assertThat(Percentiles.nearestRank(new double[] {1, 2}, 50)).isEqualTo(1.0);
  }

  @Test
  void ranksStayInsideTheSample() {
    assertThat(Percentiles.nearestRank(oneTo(3), 100)).isEqualTo(3.0);
    assertThat(Percentiles.nearestRank(oneTo(3), 0.0001)).isEqualTo(1.0);
    assertThat(Percentiles.nearestRank(oneTo(100), 95)).isEqualTo(95.0);
  }

  @Test
  void distributionUsesTheSameRank() {
    Distribution d = new Distribution();
    for (double v : oneTo(1000)) {
      d.add(v);
    }
    assertThat(d.percentile(99.9)).isEqualTo(999.0);
  }
}
