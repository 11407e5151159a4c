package io.llmload.compare;

import io.llmload.testing.SyntheticRun;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupComparatorTest {
  @TempDir
  Path dir;

  /** The twelve headline figures of the overall group. */
  static final List<String> MAIN = List.of("TTFT p50", "TTFT p95", "TTFT p99", "TPOT p50", "TPOT p95", "E2E p50",
      "E2E p95", "ITL p50", "ITL p95", "output tok/s per call p50", "output token throughput", "error rate");

  private RunComparison compare(SyntheticRun a, SyntheticRun b) throws Exception {
    Path pa = a.write(dir);
    Path pb = b.write(dir);
    return RunComparison.of(RunData.load(pa), RunData.load(pb), new GroupComparator(2000, 7));
  }

  private static List<FigureResult> main(RunComparison c) {
    return c.figures("overall").stream().filter(f -> MAIN.contains(f.figureName())).toList();
  }

  /**
   * Five fixed pairs of runs from one distribution: 60 figure tests at a nominal 5% false-positive rate.
   * CalibrationTest (40 pairs) measured 0-7.5% per figure and 2 of 40 pairs with more than one of the 12
   * flagged. Bounds: at most 2 per pair, and at most 6 of 60 in total (10%, twice the nominal rate; a
   * binomial(60, 5%) exceeds 6 with probability about 3%), so a method that flags noise would fail here.
   */
  @Test
  void runsFromTheSameDistributionShowNoSignificantChangeOnTheMainFigures() throws Exception {
    List<String> flaggedNames = new ArrayList<>();
    for (int s = 1; s <= 5; s++) {
      RunComparison c = compare(new SyntheticRun().label("base" + s).seed(100 + s),
          new SyntheticRun().label("same" + s).seed(200 + s));
      List<FigureResult> main = main(c);
      assertThat(main).hasSize(12);
      assertThat(main).noneMatch(f -> f.change() == Change.INSUFFICIENT_DATA);
      List<FigureResult> flagged = main.stream().filter(f -> f.change() == Change.WORSE || f.change() == Change.BETTER)
          .toList();
      assertThat(flagged).as("pair %d flagged %s", s, flagged).hasSizeLessThanOrEqualTo(2);
      for (FigureResult f : flagged) {
        flaggedNames.add("pair " + s + ": " + f.figureName() + " " + f.change());
      }
    }
    System.out.println("same-distribution false positives: " + flaggedNames);
    assertThat(flaggedNames).hasSizeLessThanOrEqualTo(6);
  }

  @Test
  void ttftShiftedUpThirtyPerCentIsWorseWithAnIntervalCoveringTheTrueShift() throws Exception {
    RunComparison c = compare(new SyntheticRun().label("base").seed(11),
        new SyntheticRun().label("slow").seed(12).ttftFactor(1.3));
    double z95 = 1.6448536269514722;
    double[][] truth = {{0.5, 400 * 0.3}, {0.95, 400 * Math.exp(0.5 * z95) * 0.3}};
    for (double[] t : truth) {
      Stat stat = t[0] == 0.5 ? Stat.P50 : Stat.P95;
      FigureResult f = c.figure("overall", Metric.TTFT, stat);
      assertThat(f.change()).as(f.toString()).isEqualTo(Change.WORSE);
      assertThat(f.ciLow()).as(f.toString()).isLessThanOrEqualTo(t[1]);
      assertThat(f.ciHigh()).as(f.toString()).isGreaterThanOrEqualTo(t[1]);
      assertThat(f.ciLowPct()).isLessThanOrEqualTo(30.0);
      assertThat(f.ciHighPct()).isGreaterThanOrEqualTo(30.0);
      assertThat(f.deltaPct()).isBetween(15.0, 45.0);
    }
    assertThat(c.figure("overall", Metric.TTFT, Stat.P99).change()).isEqualTo(Change.WORSE);
    // decode speed was not touched
    assertThat(c.figure("overall", Metric.TPOT, Stat.P50).change()).isEqualTo(Change.NO_SIGNIFICANT_CHANGE);
    assertThat(c.figure("overall", Metric.ITL, Stat.P50).change()).isEqualTo(Change.NO_SIGNIFICANT_CHANGE);
  }

  @Test
  void slowerDecodingIsWorseOnItlTpotAndThroughputPerCall() throws Exception {
    RunComparison c = compare(new SyntheticRun().label("base").seed(21),
        new SyntheticRun().label("slowdecode").seed(22).itlFactor(1.3));
    assertThat(c.figure("overall", Metric.ITL, Stat.P50).change()).isEqualTo(Change.WORSE);
    assertThat(c.figure("overall", Metric.ITL, Stat.P95).change()).isEqualTo(Change.WORSE);
    assertThat(c.figure("overall", Metric.TPOT, Stat.P50).change()).isEqualTo(Change.WORSE);
    assertThat(c.figure("overall", Metric.CALL_OUTPUT_TOKENS_PER_S, Stat.P50).change()).isEqualTo(Change.WORSE);
    assertThat(c.figure("overall", Metric.TTFT, Stat.P50).change()).isEqualTo(Change.NO_SIGNIFICANT_CHANGE);
  }

  @Test
  void sameSeedGivesIdenticalResultsAndGroupsArePaired() throws Exception {
    Path a = new SyntheticRun().label("a").seed(31).calls(600).write(dir);
    Path b = new SyntheticRun().label("b").seed(32).calls(600).write(dir);
    RunData ra = RunData.load(a);
    RunData rb = RunData.load(b);
    RunComparison one = RunComparison.of(ra, rb, new GroupComparator(500, 3));
    RunComparison two = RunComparison.of(ra, rb, new GroupComparator(500, 3));
    assertThat(one.figures()).isEqualTo(two.figures());
    RunComparison other = RunComparison.of(ra, rb, new GroupComparator(500, 4));
    assertThat(other.figures()).isNotEqualTo(one.figures());
    assertThat(one.groups()).containsExactly("overall", "single", "agent", "agent_step_1", "agent_step_2",
        "agent_step_3", "agent_step_4", "agent_step_5");
  }

  @Test
  void tooFewSamplesGiveInsufficientDataNeverAVerdict() {
    SplittableRandom r = new SplittableRandom(5);
    GroupSamples base = samples(r, 60, 100);
    GroupSamples slow = samples(r, 60, 300); // three times slower: obvious, but p99 of 60 values is not a p99
    GroupComparator gc = new GroupComparator(1000, 1);
    List<FigureResult> ttft = gc.compare("overall", Metric.TTFT, base, slow);
    assertThat(ttft.get(0).change()).isEqualTo(Change.WORSE);
    assertThat(ttft.get(1).change()).isEqualTo(Change.WORSE);
    assertThat(ttft.get(2).change()).isEqualTo(Change.INSUFFICIENT_DATA);
    assertThat(ttft.get(2).ciLow()).isNull();
    assertThat(ttft.get(2).baseline()).isNotNull();

    GroupSamples tiny = samples(r, 15, 100);
    List<FigureResult> small = gc.compare("overall", Metric.TTFT, tiny, samples(r, 15, 300));
    assertThat(small.get(0).change()).isEqualTo(Change.WORSE); // p50 needs 10
    assertThat(small.get(1).change()).isEqualTo(Change.INSUFFICIENT_DATA); // p95 needs 20
  }

  private static GroupSamples samples(SplittableRandom r, int n, double scale) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = scale * (0.8 + 0.4 * r.nextDouble());
    }
    return GroupSamples.builder().counts(n, 0).ttftMs(v).durationSeconds(60).build();
  }

  @Test
  void errorRateUsesNewcombeIntervalsThatBehaveWithRareErrors() {
    GroupComparator gc = new GroupComparator(1000, 1);
    GroupSamples none = GroupSamples.builder().counts(1000, 0).durationSeconds(60).build();
    GroupSamples one = GroupSamples.builder().counts(1000, 1).durationSeconds(60).build();
    GroupSamples fifty = GroupSamples.builder().counts(1000, 50).durationSeconds(60).build();
    FigureResult zeroVsZero = gc.compare("overall", Metric.ERROR_RATE, none, none).get(0);
    assertThat(zeroVsZero.change()).isEqualTo(Change.NO_SIGNIFICANT_CHANGE);
    assertThat(zeroVsZero.ciLow()).isNegative();
    assertThat(zeroVsZero.ciHigh()).isPositive();
    assertThat(gc.compare("overall", Metric.ERROR_RATE, none, one).get(0).change())
        .isEqualTo(Change.NO_SIGNIFICANT_CHANGE);
    FigureResult worse = gc.compare("overall", Metric.ERROR_RATE, none, fifty).get(0);
    assertThat(worse.change()).isEqualTo(Change.WORSE);
    assertThat(worse.delta()).isEqualTo(5.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(worse.deltaPct()).isNull(); // no relative change from a zero baseline
    assertThat(gc.compare("overall", Metric.ERROR_RATE, fifty, none).get(0).change()).isEqualTo(Change.BETTER);
  }

  @Test
  void wilsonIntervalMatchesAKnownValue() {
    // 10 of 100 at 95%: Wilson interval (0.0552, 0.1744)
    double[] w = GroupComparator.wilson(10, 100);
    assertThat(w[0]).isCloseTo(0.0552, org.assertj.core.data.Offset.offset(0.0005));
    assertThat(w[1]).isCloseTo(0.1744, org.assertj.core.data.Offset.offset(0.0005));
  }

  @Test
  void nearestRankPercentilesAndClusteredPercentilesAgreeOnOneValuePerCluster() {
    double[] v = {5, 1, 4, 2, 3, 10, 9, 8, 7, 6};
    SortedSample s = new SortedSample(v);
    assertThat(s.percentile(0.5)).isEqualTo(5);
    assertThat(s.percentile(0.95)).isEqualTo(10);
    assertThat(s.percentile(0.1)).isEqualTo(1);
    double[][] clusters = new double[v.length][];
    for (int i = 0; i < v.length; i++) {
      clusters[i] = new double[] {v[i]};
    }
    ClusteredSample c = new ClusteredSample(clusters);
    for (double q : new double[] {0.1, 0.5, 0.9, 0.95, 0.99}) {
      assertThat(c.percentile(q)).isEqualTo(s.percentile(q));
    }
    ClusteredSample pooled = new ClusteredSample(new double[][] {{1, 1, 1, 2}, {3, 3}, {}, {10}});
    assertThat(pooled.clusters()).isEqualTo(3);
    assertThat(pooled.totalValues()).isEqualTo(7);
    assertThat(pooled.percentile(0.5)).isEqualTo(2); // 1 1 1 [2] 3 3 10
    assertThat(pooled.percentile(0.99)).isEqualTo(10);
  }

  @Test
  void clusterBootstrapIsWiderThanTreatingGapsAsIndependent() {
    // each call has its own speed: gaps within a call are strongly correlated
    SplittableRandom r = new SplittableRandom(9);
    double[][] calls = new double[200][];
    for (int c = 0; c < calls.length; c++) {
      double base = 10 + 30 * r.nextDouble();
      calls[c] = new double[100];
      for (int k = 0; k < 100; k++) {
        calls[c][k] = Math.round(base + r.nextDouble() * 2);
      }
    }
    GroupComparator gc = new GroupComparator(1000, 1);
    GroupSamples.Builder a = GroupSamples.builder().counts(200, 0).durationSeconds(60);
    GroupSamples.Builder naiveA = GroupSamples.builder().counts(20000, 0).durationSeconds(60);
    for (double[] call : calls) {
      a.addItlCall(call);
      for (double g : call) {
        naiveA.addItlCall(new double[] {g});
      }
    }
    GroupSamples clustered = a.build();
    GroupSamples naive = naiveA.build();
    FigureResult fc = gc.compare("overall", Metric.ITL, clustered, clustered).get(0);
    FigureResult fn = gc.compare("overall", Metric.ITL, naive, naive).get(0);
    assertThat(fc.ciHigh() - fc.ciLow()).isGreaterThan(3 * (fn.ciHigh() - fn.ciLow()));
  }
}
