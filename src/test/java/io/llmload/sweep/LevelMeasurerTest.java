package io.llmload.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.config.Settings;
import io.llmload.metrics.CallResult;
import io.llmload.metrics.Distribution;
import io.llmload.metrics.SloPolicy;
import io.llmload.workload.CallSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A level's figures and judgement from calls made by hand: one level, measured window [0, 1000) ms, TTFT
 * objective 150 ms at p95, at most 1% errors.
 *
 * <ul>
 *   <li>20 ok calls of level_1 starting at 0: TTFT 10, 20, …, 200 ms, E2E 500, 11 output tokens, 100 prompt
 *       tokens (usage);</li>
 *   <li>one ok call of level_1 starting at 900: TTFT 1000, E2E 1100 (ends at 2000, after the window), no
 *       usage, 40 input tokens;</li>
 *   <li>one ok call of level_2 starting at 200: TTFT 100, E2E 600, 5 output tokens, no usage, 40 input tokens;</li>
 *   <li>three failed calls of level_1 starting at 0, E2E 10: two with error "x", one without error text.</li>
 * </ul>
 */
class LevelMeasurerTest {
  private final SweepConfig config = SweepConfig.read(Settings.of(Map.of("llm.sweep.levels", "1",
      "llm.sweep.settleSeconds", "0", "llm.sweep.holdSeconds", "1")));
  private final SweepPlan.Level level = SweepPlan.of(config).level(0);
  private final SloPolicy slo = SloPolicy.read(Map.of("llm.slo.ttftMs", "150"));
  private long nextId = 1;

  private SweepCalls.Call call(String tag, long start, Long ttft, long e2e, int outputTokens, Integer usagePrompt,
                               boolean ok, String error) {
    CallSpec spec = new CallSpec(nextId++, CallSpec.SINGLE, 1, 0, "heavy", tag, 40, outputTokens);
    CallResult r = new CallResult(spec, start, null, null, outputTokens, outputTokens, ttft, null, e2e, new int[0],
        ok ? 200 : 500, ok ? "length" : null, ok, error, "", "", "r");
    return new SweepCalls.Call(r, start + e2e, usagePrompt == null ? null : usagePrompt.longValue());
  }

  private SweepCalls calls() {
    List<SweepCalls.Call> calls = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      calls.add(call("level_1", 0, 10L * i, 500, 11, 100, true, null));
    }
    calls.add(call("level_1", 900, 1000L, 1100, 11, null, true, null));
    calls.add(call("level_2", 200, 100L, 600, 5, null, true, null));
    calls.add(call("level_1", 0, null, 10, 0, null, false, "x"));
    calls.add(call("level_1", 0, null, 10, 0, null, false, "x"));
    calls.add(call("level_1", 0, null, 10, 0, null, false, null));
    Distribution gaps = new Distribution();
    for (int g = 1; g <= 100; g++) {
      gaps.add(g);
    }
    return new SweepCalls(calls, Map.of("level_1", gaps), List.of());
  }

  @Test
  void latenciesCountTheLevelsOkCallsAtNearestRank() {
    LevelFigures f = LevelMeasurer.measure(level, 0, 1000, calls(), slo);
    assertThat(f.calls()).isEqualTo(24);
    assertThat(f.failed()).isEqualTo(3);
    assertThat(f.ok()).isEqualTo(21);
    assertThat(f.errorRate()).isEqualTo(0.125);
    assertThat(f.sampleErrors()).containsExactly("x");
    // TTFT 10..200 and 1000: rank 11 of 21 = 110, rank 20 = 200, rank 21 = 1000
    assertThat(f.ttft().count()).isEqualTo(21);
    assertThat(f.ttft().rounded(50)).isEqualTo(110.0);
    assertThat(f.ttft().p95()).isEqualTo(200.0);
    assertThat(f.ttft().rounded(99)).isEqualTo(1000.0);
    // TPOT (E2E − TTFT) / 10: 30..49 and 10
    assertThat(f.tpot().rounded(50)).isEqualTo(39.0);
    assertThat(f.tpot().rounded(99)).isEqualTo(49.0);
    assertThat(f.e2e().rounded(95)).isEqualTo(500.0);
    assertThat(f.e2e().rounded(99)).isEqualTo(1100.0);
    assertThat(f.ttfo().count()).isZero();
    assertThat(f.ttfo().p95()).isNull();
    assertThat(f.itl().p95()).isEqualTo(95.0);
    // good: the 15 calls of TTFT <= 150 of the 24 tagged
    assertThat(f.sloAttainment()).isEqualTo(0.625);
  }

  @Test
  void ratesCountOkCallsThatEndedInTheWindowWhateverTheirTag() {
    LevelFigures f = LevelMeasurer.measure(level, 0, 1000, calls(), slo);
    assertThat(f.requestsPerS()).isEqualTo(21.0); // 20 of level_1 + 1 of level_2; the call ending at 2000 is out
    assertThat(f.outputTokensPerS()).isEqualTo(225.0); // 20 × 11 + 5
    assertThat(f.totalTokensPerS()).isEqualTo(2265.0); // 20 × (11 + 100 usage) + (5 + 40 input)
    assertThat(f.goodputPerS()).isEqualTo(16.0); // 15 of level_1 + the level_2 call (TTFT 100)
    // in flight: 20 × 500 + 100 (900..1000) + 600 + 3 × 10 ms, over 1000 ms
    assertThat(f.achievedConcurrency()).isEqualTo(10.73);
    assertThat(f.server().scrapes()).isZero();
    assertThat(f.server().requestsWaitingMean()).isNull();
  }

  @Test
  void judgementListsEveryBrokenObjectiveAndErrorsComeFirst() {
    LevelFigures f = LevelMeasurer.measure(level, 0, 1000, calls(), slo);
    LevelJudgement j = LevelJudgement.judge(f, slo.limitsFor(level.tag()), slo.percentile(), config.maxErrorRate());
    assertThat(j.meetsSlo()).isFalse();
    assertThat(j.checks()).containsExactly(new LevelJudgement.Check("ttft", 95, 200.0, 150, false));
    assertThat(j.errorRateMet()).isFalse();
    assertThat(j.broken()).extracting(Broken::objective).containsExactly("ttft", "errors");
    assertThat(j.broken().get(0).ratio()).isEqualTo(1.333);
    assertThat(j.firstBroken().objective()).isEqualTo(Broken.ERRORS);
    assertThat(VerdictProse.cause(j.firstBroken(), new SweepLevel(1, "level_1", SweepLevel.MEASURED, 0L, 0L, 1000L,
        f, j))).isEqualTo("errors: 12.5% of calls failed (limit 1.0%), e.g. x");
  }
}
