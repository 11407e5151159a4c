package io.llmload.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client-health judgement from hand-made pauses and calls (Gatling ms): a pause warns only when it
 * held a measured stamp, and then names the calls, counts the events and says by how much they may be late.
 */
class PauseJudgeTest {
  private static final long T0 = 1_700_000_000_000L;

  /** A call of n token events every 10 ms after a 200 ms TTFT, ending 5 ms after the last token. */
  private static void call(PauseJudge judge, long id, long start, int tokens) {
    double[] gaps = new double[tokens - 1];
    java.util.Arrays.fill(gaps, 10);
    judge.call(id, start, 200.0, gaps, 200.0 + 10.0 * (tokens - 1) + 5);
  }

  @Test
  void aPauseBeforeTheMeasuredCallsIsOnlyNoted() {
    PauseJudge judge = new PauseJudge(List.of(new ClientPause(0, T0 - 3_000, T0 - 2_905, 95.2)), 10);
    call(judge, 1, T0, 100);
    call(judge, 2, T0 + 500, 100);
    PauseJudgement j = judge.judgement();

    assertThat(j.warnings()).isEmpty();
    assertThat(j.callsInPause()).isZero();
    assertThat(j.perCall()).isEmpty();
    assertThat(j.windowStartMs()).isEqualTo(T0);
    assertThat(j.windowEndMs()).isEqualTo(T0 + 500 + 200 + 990 + 5);
    assertThat(j.notes()).singleElement().asString()
        .contains("the client paused 1 time for 10 ms or more without holding any measured stamp")
        .contains("outside the measured window").contains("95.2 ms at T−3.0 s").contains("no measured figure is affected");
    assertThat(j.asMap()).containsEntry("in_measured_window", 0L).containsEntry("holding_measured_stamps", 0)
        .containsEntry("calls_in_pause", 0L).containsEntry("token_events", 200L);
  }

  @Test
  void aPauseBetweenTokenEventsHoldsNoStampAndIsNotedInsideTheWindow() {
    // tokens of call 1 at T0+200, +210, ...: a pause from +201 to +209 holds none of them
    PauseJudge judge = new PauseJudge(List.of(new ClientPause(0, T0 + 201, T0 + 209, 8.5)), 5);
    call(judge, 1, T0, 10);
    PauseJudgement j = judge.judgement();
    assertThat(j.warnings()).isEmpty();
    assertThat(j.notes()).singleElement().asString().contains("inside the measured window, between measured events")
        .contains("for 5 ms or more");
    assertThat(j.pauses()).singleElement().satisfies(p -> {
      assertThat(p.inWindow()).isTrue();
      assertThat(p.touchedMeasuredEvents()).isFalse();
    });
  }

  @Test
  void aPauseHoldingFirstTokensAndLaterTokensWarnsNamingTheCallsAndTheirCount() {
    // a 40 ms pause at T+31.2 s; call 1's first token (T+31.2 s + 10) and call 2's 11th to 14th tokens fall in it
    long at = T0 + 31_200;
    PauseJudge judge = new PauseJudge(List.of(new ClientPause(0, at, at + 40, 40.3)), 10);
    call(judge, 7, T0, 100); // window start; its stamps end at T0 + 1195
    call(judge, 1, at + 10 - 200, 50);
    call(judge, 2, at - 200 - 100 + 5, 50); // tokens at at-95, at-85, ..., at+5, +15, +25, +35, +45
    call(judge, 3, at + 100, 50); // after the pause
    PauseJudgement j = judge.judgement();

    assertThat(j.callsInPause()).isEqualTo(2);
    assertThat(j.perCall()).containsOnlyKeys(1L, 2L).containsEntry(1L, 40.3).containsEntry(2L, 40.3);
    assertThat(j.ttftCalls()).isEqualTo(1);
    assertThat(j.ttftLateUpToMs()).isEqualTo(40.3);
    // call 1's tokens at +10, +20, +30, +40 and call 2's at +5, +15, +25, +35
    assertThat(j.tokenEventsInPause()).isEqualTo(4 + 4);
    assertThat(j.tokenEvents()).isEqualTo(100 + 3 * 50);
    assertThat(j.warnings()).singleElement().asString()
        .startsWith("1 call's TTFT may be late by up to 40.3 ms, and 8 of 250 token events (2 calls: ITL, E2E) by up to"
            + " 40.3 ms")
        .contains("the client paused at T+31.2 s for 40.3 ms")
        .contains("the 2 calls: 1, 2 (llm-calls.csv column client_pause_ms)");
    assertThat(j.notes()).isEmpty();
    assertThat(j.asMap()).containsEntry("calls_in_pause_ids", List.of(1L, 2L)).containsEntry("ttft_calls_in_pause", 1L);
  }

  @Test
  void tokenEventsInsideAPauseAreCountedOneByOne() {
    long at = T0 + 1_000;
    PauseJudge judge = new PauseJudge(List.of(new ClientPause(0, at, at + 40, 40)), 10);
    // first token at T0 + 200, then every 10 ms: tokens at +1000, +1010, +1020, +1030, +1040 are in the pause
    call(judge, 1, T0, 200);
    PauseJudgement j = judge.judgement();
    assertThat(j.tokenEventsInPause()).isEqualTo(5);
    assertThat(j.ttftCalls()).isZero();
    assertThat(j.warnings()).singleElement().asString().startsWith("5 of 200 token events (1 call: ITL, E2E) by up to 40 ms");
    assertThat(j.pauses()).singleElement().satisfies(p -> {
      assertThat(p.tokenEvents()).isEqualTo(5);
      assertThat(p.calls()).isEqualTo(1);
      assertThat(p.ttftCalls()).isZero();
    });
  }

  @Test
  void aStartInsideAPauseMakesTheTtftSuspectAndTwoPausesAddUp() {
    // the request may have been written late (start in pause A) and the first token stamped late (pause B)
    PauseJudge judge = new PauseJudge(List.of(new ClientPause(0, T0 - 5, T0 + 20, 25), new ClientPause(0, T0 + 190, T0 + 215, 25)), 10);
    judge.call(1, T0, 200.0, new double[0], 201.0);
    PauseJudgement j = judge.judgement();
    assertThat(j.ttftCalls()).isEqualTo(1);
    assertThat(j.ttftLateUpToMs()).isEqualTo(50);
    assertThat(j.perCall()).containsEntry(1L, 50.0);
    assertThat(j.pauses()).allSatisfy(p -> assertThat(p.ttftCalls()).isEqualTo(1));
  }

  @Test
  void aCallWithoutTokensCountsByItsStartAndEnd() {
    PauseJudge judge = new PauseJudge(List.of(new ClientPause(0, T0 + 40, T0 + 60, 20)), 10);
    judge.call(1, T0, null, new double[0], 50.0); // failed: an error answer after 50 ms
    judge.call(2, T0 + 100, null, new double[0], null); // never ended
    PauseJudgement j = judge.judgement();
    assertThat(j.perCall()).containsOnlyKeys(1L);
    assertThat(j.ttftCalls()).isZero();
    assertThat(j.warnings()).singleElement().asString().startsWith("1 call's E2E may be late by up to 20 ms");
    assertThat(j.windowEndMs()).isEqualTo(T0 + 100);
  }

  @Test
  void twoLoopsPausesAreKeptApartAndAStampInBothIsAllowedTheLonger() {
    // loop 0 pauses twice in a row (end to start), loop 1 once, overlapping both
    PauseJudge judge = new PauseJudge(List.of(new ClientPause(0, T0 + 100, T0 + 120, 20.2),
        new ClientPause(0, T0 + 120, T0 + 135, 15.1), new ClientPause(1, T0 + 110, T0 + 150, 40.4)), 10);
    judge.call(1, T0, 105.0, new double[] {20, 20}, 150.0); // tokens at +105 (loop 0 only), +125 (both), +145 (loop 1)
    judge.call(2, T0 + 5, 115.0, new double[0], 200.0); // first token at +120: the boundary of loop 0's two, and loop 1's
    PauseJudgement j = judge.judgement();
    assertThat(j.pauses()).hasSize(3);
    assertThat(j.pauses()).extracting(p -> p.pause().loop()).containsExactly(0, 1, 0);
    assertThat(j.perCall()).containsEntry(1L, 20.2 + 40.4).containsEntry(2L, 40.4);
    assertThat(j.ttftLateUpToMs()).isEqualTo(40.4);
    assertThat(j.tokenLateUpToMs()).isEqualTo(40.4);
    assertThat(j.tokenEventsInPause()).isEqualTo(4);
    // every stamp in loop 1's pause counted for it; loop 0's second pause, shorter at each of its stamps, held none
    assertThat(j.pauses().get(1).tokenEvents()).isEqualTo(3);
    assertThat(j.pauses().get(2).calls()).isZero();
    assertThat(j.pauses().get(0).tokenEvents()).isEqualTo(1);
  }

  @Test
  void twoLatePausesOfOneLoopInARowOverlapAndAStampInBothGetsTheLonger() {
    // probes at +100 (on time), +125 (late), +160 (late), +162: pauses [100, 160] and [125, 162]
    PauseJudge judge = new PauseJudge(List.of(new ClientPause(0, T0 + 100, T0 + 160, 60.1),
        new ClientPause(0, T0 + 125, T0 + 162, 37.2), new ClientPause(0, T0 + 300, T0 + 320, 20)), 10);
    judge.call(1, T0, 110.0, new double[] {20, 20, 20}, 200.0); // tokens at +110, +130, +150, +170
    PauseJudgement j = judge.judgement();
    assertThat(j.tokenEventsInPause()).isEqualTo(3);
    assertThat(j.pauses().get(0).tokenEvents()).isEqualTo(3);
    assertThat(j.pauses().get(1).tokenEvents()).isZero();
    assertThat(j.perCall()).containsEntry(1L, 60.1);
  }

  @Test
  void noMeasuredCallsMeansEveryPauseIsANote() {
    PauseJudge judge = new PauseJudge(List.of(new ClientPause(0, T0, T0 + 90, 90)), 10);
    PauseJudgement j = judge.judgement();
    assertThat(j.warnings()).isEmpty();
    assertThat(j.windowStartMs()).isNull();
    assertThat(j.notes()).singleElement().asString().contains("no call was measured");
  }

  @Test
  void manyAffectedCallsAreListedUpToTenInTheWarningAndAllInTheColumn() {
    PauseJudge judge = new PauseJudge(List.of(new ClientPause(0, T0 + 150, T0 + 260, 110)), 10);
    for (int i = 0; i < 30; i++) {
      call(judge, 100 + i, T0 + i, 20);
    }
    PauseJudgement j = judge.judgement();
    assertThat(j.perCall()).hasSize(30);
    assertThat(j.warnings()).singleElement().asString().startsWith("30 calls' TTFT may be late by up to 110 ms")
        .contains("the 30 calls: 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, … 20 more");
  }
}
