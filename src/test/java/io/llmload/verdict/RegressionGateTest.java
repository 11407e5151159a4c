package io.llmload.verdict;

import io.llmload.compare.GroupComparator;
import io.llmload.compare.GroupSamples;
import io.llmload.compare.RunData;
import io.llmload.testing.SyntheticRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegressionGateTest {
  @TempDir
  static Path dir;
  static RunData baseline;
  static RunData same;
  static RunData slow;

  static final Map<String, String> PROPS = Map.of(
      "llm.regression.ttftP95Pct", "10",
      "llm.regression.tpotP95Pct", "10",
      "llm.regression.e2eP95Pct", "10",
      "llm.regression.itlP95Pct", "10",
      "llm.regression.errorRatePct", "1",
      "llm.regression.throughputPct", "10",
      "java.version", "17", // not ours: ignored
      "compare.runs", "x");

  @BeforeAll
  static void runs() throws Exception {
    baseline = RunData.load(new SyntheticRun().label("base").seed(41).write(dir));
    same = RunData.load(new SyntheticRun().label("same").seed(42).write(dir));
    // a slower server: longer TTFT and ITL, more errors, and 25% fewer calls completed in the same time
    slow = RunData.load(new SyntheticRun().label("slow").seed(43).ttftFactor(1.3).itlFactor(1.3).errorRate(0.06)
        .calls(1500).write(dir));
  }

  private static RegressionGate gate() {
    return new RegressionGate(RegressionThresholds.fromProperties(PROPS), new GroupComparator(2000, 42));
  }

  @Test
  void passesWhenNothingChanged() {
    List<Check> checks = gate().evaluate(baseline, same);
    assertThat(checks).hasSize(6);
    assertThat(checks).as(checks.toString()).allMatch(Check::passed);
  }

  @Test
  void failsOnAnInjectedSlowdownNamingEachRegressedFigure() {
    List<Check> checks = gate().evaluate(baseline, slow);
    assertThat(checks.stream().filter(c -> !c.passed()).map(Check::name).toList()).containsExactlyInAnyOrder(
        "overall TTFT p95 (ttftP95Pct=10)",
        "overall TPOT p95 (tpotP95Pct=10)",
        "overall E2E p95 (e2eP95Pct=10)",
        "overall ITL p95 (itlP95Pct=10)",
        "overall error rate (errorRatePct=1)",
        "overall output token throughput (throughputPct=10)");
    Check ttft = checks.get(0);
    assertThat(ttft.message()).contains("significant regression").contains("above the 10% increase limit");
    assertThat(ttft.observed()).isBetween(15.0, 45.0);
    assertThat(ttft.threshold()).isEqualTo(10.0);
  }

  @Test
  void aSignificantRegressionBelowTheThresholdPasses() {
    RegressionThresholds loose = RegressionThresholds.fromProperties(Map.of("llm.regression.ttftP50Pct", "50"));
    List<Check> checks = new RegressionGate(loose, new GroupComparator(2000, 42)).evaluate(baseline, slow);
    assertThat(checks).hasSize(1);
    assertThat(checks.get(0).passed()).isTrue();
    assertThat(checks.get(0).message()).contains("significantly worse").contains("within the 50% increase limit");
  }

  @Test
  void worksOnPlainInMemorySamplesAndDoesNotJudgeTooFewOfThem() {
    SplittableRandom r = new SplittableRandom(3);
    double[] base = new double[500];
    double[] cur = new double[500];
    for (int i = 0; i < 500; i++) {
      base[i] = 300 + 100 * r.nextDouble();
      cur[i] = (300 + 100 * r.nextDouble()) * 1.5;
    }
    GroupSamples b = GroupSamples.builder().counts(500, 0).ttftMs(base).durationSeconds(60).build();
    GroupSamples c = GroupSamples.builder().counts(500, 0).ttftMs(cur).durationSeconds(60).build();
    RegressionThresholds t = RegressionThresholds.fromProperties(Map.of("llm.regression.ttftP95Pct", "10",
        "llm.regression.tpotP95Pct", "10"));
    List<Check> checks = new RegressionGate(t, new GroupComparator(1000, 1)).evaluate(b, c, "live: ");
    assertThat(checks.get(0).name()).isEqualTo("live: overall TTFT p95 (ttftP95Pct=10)");
    assertThat(checks.get(0).passed()).isFalse();
    assertThat(checks.get(1).passed()).isTrue(); // no TPOT samples at all
    assertThat(checks.get(1).message()).startsWith("not judged: insufficient data");
  }

  @Test
  void aRunWithNoSuccessfulCallsFailsRatherThanPassingAsNotJudged() {
    double[] ttft = new double[100];
    java.util.Arrays.fill(ttft, 500);
    GroupSamples b = GroupSamples.builder().counts(100, 0).ttftMs(ttft).durationSeconds(60).build();
    GroupSamples allFailed = GroupSamples.builder().counts(100, 100).durationSeconds(60).build();
    RegressionThresholds t = RegressionThresholds.fromProperties(Map.of("llm.regression.ttftP95Pct", "10"));
    List<Check> checks = new RegressionGate(t, new GroupComparator(500, 1)).evaluate(b, allFailed, "");
    assertThat(checks.get(0).passed()).isFalse();
    assertThat(checks.get(0).message()).contains("no samples at all");
  }

  @Test
  void unknownThresholdsAndBadValuesAreErrorsNamingThem() {
    assertThatThrownBy(() -> RegressionThresholds.fromProperties(Map.of("llm.regression.ttftP95pct", "10",
        "llm.regression.e2eP95Pct", "ten")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown threshold -Dllm.regression.ttftP95pct")
        .hasMessageContaining("-Dllm.regression.e2eP95Pct=ten is not a number")
        .hasMessageContaining("llm.regression.ttftP95Pct");
    assertThatThrownBy(() -> RegressionThresholds.fromProperties(Map.of("llm.regression.errorRatePct", "-1")))
        .hasMessageContaining("is not a number >= 0");
    assertThat(RegressionThresholds.fromProperties(Map.of("other", "1")).isEmpty()).isTrue();
  }
}
