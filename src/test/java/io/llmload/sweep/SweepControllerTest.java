package io.llmload.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.config.Settings;
import io.llmload.metrics.CallResult;
import io.llmload.workload.CallSpec;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SweepControllerTest {
  private final AtomicLong clock = new AtomicLong(1_000_000);

  private SweepController controller(Map<String, String> props) {
    SweepConfig config = SweepConfig.read(Settings.of(props));
    return new SweepController(config, SweepPlan.of(config), true, clock::get);
  }

  private static CallResult call(String tag, long startMs, long e2eMs, boolean ok, int tokens) {
    CallSpec spec = new CallSpec(1, CallSpec.SINGLE, 1, 0, "heavy", tag, 100, tokens);
    return new CallResult(spec, startMs, null, tokens, tokens, tokens, ok ? 50L : null, ok ? 50L : null,
        ok ? e2eMs : null, new int[0], ok ? 200 : 500, ok ? "length" : null, ok, ok ? null : "HTTP 500", "", "", "id");
  }

  private static final Map<String, String> PROPS = Map.of("llm.sweep.levels", "1,2,4", "llm.sweep.settleSeconds", "1",
      "llm.sweep.holdSeconds", "10");

  @Test
  void tagsByTheMomentTheJourneyStarts() {
    SweepController c = controller(PROPS);
    assertThat(c.admit().tag()).isEqualTo(SweepPlan.SETTLE);
    clock.addAndGet(1_000);
    SweepController.Admission a = c.admit();
    assertThat(a.run()).isTrue();
    assertThat(a.tag()).isEqualTo("level_1");
    clock.addAndGet(11_000);
    assertThat(c.admit().tag()).isEqualTo("level_2");
    assertThat(c.inFlight()).isEqualTo(3);
    c.journeyEnded();
    assertThat(c.inFlight()).isEqualTo(2);
  }

  @Test
  void aLevelFarBelowItsSloAttainmentStopsTheSweepWhenTheNextLevelsWindowOpens() {
    SweepController c = controller(PROPS);
    long origin = clock.get();
    c.admit();
    // level_1: 10 good calls; level_2: 10 calls, 2 good
    for (int i = 0; i < 10; i++) {
      c.onCall(call("level_1", origin + 1_000 + i * 100, 500, true, 50), true);
      c.onCall(call("level_2", origin + 12_000 + i * 100, 500, true, 50), i < 2);
    }
    clock.set(origin + 13_000); // level_2's window is open: level_1 is judged, and passes
    assertThat(c.admit().run()).isTrue();
    assertThat(c.stopReason()).isNull();
    clock.set(origin + 22_999); // level_4 settles: level_2 is not judged yet
    assertThat(c.admit().run()).isTrue();
    clock.set(origin + 23_000); // level_4's window opens: level_2 is judged
    assertThat(c.admit().run()).isFalse();
    assertThat(c.stopReason()).contains("level 2").contains("SLO attainment 20.0%");
    assertThat(c.stoppedAfter()).isEqualTo(1);
    assertThat(c.skippedLevels()).containsExactly(2);
  }

  @Test
  void stopRules() {
    SweepConfig config = SweepConfig.read(Settings.of(Map.of()));
    SweepController.Tally few = tally(3, 0, 0, 0);
    assertThat(SweepController.stopReason(config, true, few, null, 1000, 1000)).as("too few calls to judge").isNull();
    assertThat(SweepController.stopReason(config, true, tally(10, 3, 7, 100), null, 1000, 1000))
        .contains("error rate 30.0%");
    assertThat(SweepController.stopReason(config, false, tally(10, 0, 0, 100), null, 1000, 1000))
        .as("no SLOs: attainment is not a rule").isNull();
    assertThat(SweepController.stopReason(config, true, tally(10, 0, 10, 700), tally(10, 0, 10, 1000), 1000, 1000))
        .contains("fell below");
    assertThat(SweepController.stopReason(config, true, tally(10, 0, 10, 850), tally(10, 0, 10, 1000), 1000, 1000))
        .as("a 15% dip is within llm.sweep.stop.throughputDrop=20%").isNull();
  }

  @Test
  void earlyStopCanBeTurnedOff() {
    SweepController c = controller(Map.of("llm.sweep.levels", "1,2,4", "llm.sweep.settleSeconds", "1",
        "llm.sweep.holdSeconds", "10", "llm.sweep.earlyStop", "false"));
    long origin = clock.get();
    c.admit();
    for (int i = 0; i < 10; i++) {
      c.onCall(call("level_1", origin + 1_000, 500, false, 50), false);
    }
    clock.set(origin + 24_000);
    assertThat(c.admit().run()).isTrue();
    assertThat(c.stopReason()).isNull();
  }

  @Test
  void throughputIsCountedInTheWindowWhereCallsEnd() {
    SweepController c = controller(PROPS);
    long origin = clock.get();
    c.admit();
    c.onCall(call("settle", origin + 500, 1_000, true, 40), true);      // ends at 1.5 s: level_1's window
    c.onCall(call("level_1", origin + 10_500, 2_000, true, 60), true);  // ends at 12.5 s: level_2's window
    c.onCall(call("level_1", origin + 10_600, 500, true, 7), true);     // ends at 11.1 s: level_2's settle, not counted
    assertThat(c.tally(0).outputTokensEnded).isEqualTo(40);
    assertThat(c.tally(1).outputTokensEnded).isEqualTo(60);
    assertThat(c.tally(0).calls()).isEqualTo(2);
    assertThat(c.tally(1).outputTokensPerS(10_000)).isEqualTo(6.0);
  }

  private static SweepController.Tally tally(long calls, long failed, long good, long tokens) {
    SweepController.Tally t = new SweepController.Tally();
    t.calls = calls;
    t.failed = failed;
    t.ok = calls - failed;
    t.good = good;
    t.outputTokensEnded = tokens;
    return t;
  }
}
