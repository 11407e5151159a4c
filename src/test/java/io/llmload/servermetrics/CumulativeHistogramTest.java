package io.llmload.servermetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CumulativeHistogramTest {
  private static final double INF = Double.POSITIVE_INFINITY;

  @Test
  void interpolatesInsideTheBucketAndFromZeroInTheFirst() {
    CumulativeHistogram h = CumulativeHistogram.of(
        new double[] {1, 2, 4, 8, INF}, new double[] {4, 8, 10, 10, 10}, 20, 10);
    // rank 2.5 in (0,1] holding 4: 0 + 1 × 2.5/4
    assertThat(h.quantile(0.25)).isCloseTo(0.625, within(1e-12));
    // rank 5 in (1,2] holding 4 (cum 4 → 8): 1 + 1 × 1/4
    assertThat(h.quantile(0.5)).isCloseTo(1.25, within(1e-12));
    // rank 9 in (2,4] holding 2 (cum 8 → 10): 2 + 2 × 1/2
    assertThat(h.quantile(0.9)).isCloseTo(3.0, within(1e-12));
    // rank 10 exactly at the top of (2,4]
    assertThat(h.quantile(1.0)).isCloseTo(4.0, within(1e-12));
    assertThat(h.mean()).isEqualTo(2.0);
  }

  @Test
  void lastFiniteBucketGivesItsUpperEdgeAndInfGivesNull() {
    CumulativeHistogram h = CumulativeHistogram.of(
        new double[] {1, 2, INF}, new double[] {2, 8, 10}, 30, 10);
    assertThat(h.quantile(0.1)).isCloseTo(0.5, within(1e-12));
    // rank 5 falls in (1,2], the last finite bucket: its upper edge, not 1.5
    assertThat(h.quantile(0.5)).isEqualTo(2.0);
    // rank 9 is beyond 2: in the +Inf bucket, unknown
    assertThat(h.quantile(0.9)).isNull();
  }

  @Test
  void emptyHistogramHasNoQuantilesNorMean() {
    CumulativeHistogram h = CumulativeHistogram.of(new double[] {1, INF}, new double[] {0, 0}, 0, 0);
    assertThat(h.quantile(0.5)).isNull();
    assertThat(h.mean()).isNull();
  }

  @Test
  void minusAndPlusWorkOnSharedEdgesAndDetectDecrease() {
    CumulativeHistogram later = CumulativeHistogram.of(new double[] {1, 2, INF}, new double[] {5, 9, 12}, 15, 12);
    CumulativeHistogram earlier = CumulativeHistogram.of(new double[] {1, 1.5, 2, INF}, new double[] {1, 2, 3, 4}, 5, 4);
    CumulativeHistogram d = later.minus(earlier);
    assertThat(d.upperBounds()).containsExactly(1, 2, INF);
    assertThat(d.cumulativeCounts()).containsExactly(4, 6, 8);
    assertThat(d.sum()).isEqualTo(10);
    assertThat(d.count()).isEqualTo(8);
    assertThat(later.decreasedFrom(earlier)).isFalse();
    assertThat(earlier.decreasedFrom(later)).isTrue();
    assertThat(d.plus(d).cumulativeCounts()).containsExactly(8, 12, 16);
  }

  @Test
  void labelSetsWithDifferentEdgesAreSummedOverTheSharedOnes() throws Exception {
    String text = "# TYPE h histogram\n"
        + "h_bucket{engine=\"0\",le=\"1\"} 1\nh_bucket{engine=\"0\",le=\"2\"} 3\nh_bucket{engine=\"0\",le=\"+Inf\"} 4\n"
        + "h_sum{engine=\"0\"} 6\nh_count{engine=\"0\"} 4\n"
        + "h_bucket{engine=\"1\",le=\"2\"} 5\nh_bucket{engine=\"1\",le=\"+Inf\"} 6\n"
        + "h_sum{engine=\"1\"} 9\nh_count{engine=\"1\"} 6\n";
    CumulativeHistogram h = PrometheusTextParser.parse(text).histogram("h");
    assertThat(h.upperBounds()).containsExactly(2, INF);
    assertThat(h.cumulativeCounts()).containsExactly(8, 10);
    assertThat(h.sum()).isEqualTo(15);
    assertThat(h.count()).isEqualTo(10);
  }
}
