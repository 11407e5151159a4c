package io.llmload.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GapHistogramTest {

  @Test
  void percentilesAreNearestRankLikeEveryOtherFigure() {
    GapHistogram h = new GapHistogram();
    h.add(new int[] {1, 2, 3});
    assertThat(h.summary().get("p50")).as("p50 of 1, 2, 3 is the 2nd value").isEqualTo(2.0);
  }

  @Test
  void agreesWithTheExactDefinitionOnRandomGaps() {
    SplittableRandom random = new SplittableRandom(7);
    for (int n : new int[] {1, 2, 3, 10, 99, 1000, 12_345}) {
      int[] gaps = new int[n];
      for (int i = 0; i < n; i++) {
        gaps[i] = random.nextInt(3000); // beyond 2048 ms the histogram is within 0.1 %
      }
      GapHistogram h = new GapHistogram();
      h.add(gaps);
      double[] sorted = Arrays.stream(gaps).asDoubleStream().sorted().toArray();
      Map<String, Object> summary = h.summary();
      for (double p : Percentiles.REPORTED) {
        double exact = Percentiles.nearestRank(sorted, p);
        assertThat((Double) summary.get(Percentiles.key(p))).as("p%s of %d gaps", p, n)
            .isCloseTo(exact, org.assertj.core.data.Offset.offset(exact * 0.001 + 1e-9));
      }
    }
  }
}
