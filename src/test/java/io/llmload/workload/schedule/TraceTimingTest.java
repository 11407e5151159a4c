package io.llmload.workload.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.workload.trace.TraceRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceTimingTest {
  private static List<TraceRecord> records(long... offsets) {
    List<TraceRecord> out = new ArrayList<>();
    for (int i = 0; i < offsets.length; i++) {
      out.add(new TraceRecord(offsets[i], 100 + i, 10 + i, new int[0], i + 1));
    }
    return out;
  }

  @Test
  void recordsKeepTheirOffsetsAndOrderWithoutOptions() {
    SendSchedule s = new TraceTiming(1, 0, 0, 0, 1, 42).schedule(records(0, 10, 10, 250));
    assertThat(s.offsetsNanos()).containsExactly(0, 10_000_000, 10_000_000, 250_000_000);
    assertThat(s.records()).extracting(TraceRecord::line).containsExactly(1L, 2L, 3L, 4L);
    assertThat(s.notes()).isEmpty();
  }

  @Test
  void theWindowIsShiftedToStartAtZeroAndSpedUpAndEveryCutIsNamed() {
    SendSchedule s = new TraceTiming(2, 1, 2, 0, 1, 42).schedule(records(0, 500, 1000, 1800, 2999, 3000, 4000));
    assertThat(s.offsetsNanos()).containsExactly(0, 400_000_000, 999_500_000);
    assertThat(s.notes()).containsExactly("2 trace records before llm.trace.startS=1 s skipped",
        "2 trace records after the window's end (llm.trace.startS + llm.trace.durationS = 3 s) cut");
  }

  @Test
  void theLimitCutsTheTailWithAMessage() {
    SendSchedule s = new TraceTiming(1, 0, 0, 2, 1, 42).schedule(records(0, 1000, 2000, 3000));
    assertThat(s.size()).isEqualTo(2);
    assertThat(s.notes()).containsExactly("2 trace records beyond llm.trace.limit=2 cut (the replay ends at 1 s instead of 3 s)");
  }

  @Test
  void rateScaleChangesTheCountAndKeepsTheShape() {
    long[] offsets = new long[2000];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = i < 1000 ? i * 10L : 10_000 + (i - 1000) * 100L; // a fast half, then a slow half
    }
    SendSchedule half = new TraceTiming(1, 0, 0, 0, 0.5, 1).schedule(records(offsets));
    SendSchedule triple = new TraceTiming(1, 0, 0, 0, 2.5, 1).schedule(records(offsets));
    // binomial counts: 1000 ± 3 sd (22), 5000 ± 3 sd (22)
    assertThat(half.size()).isBetween(934, 1066);
    assertThat(triple.size()).isBetween(4934, 5066);
    for (SendSchedule s : List.of(half, triple)) {
      long fast = java.util.Arrays.stream(s.offsetsNanos()).filter(o -> o < 10_000_000_000L).count();
      assertThat((double) fast / s.size()).as("share in the fast half").isBetween(0.45, 0.55);
      for (int i = 1; i < s.size(); i++) {
        assertThat(s.offsetsNanos()[i]).isGreaterThanOrEqualTo(s.offsetsNanos()[i - 1]);
      }
    }
    assertThat(new TraceTiming(1, 0, 0, 0, 2.5, 1).schedule(records(offsets)).offsetsNanos())
        .containsExactly(triple.offsetsNanos());
  }

  @Test
  void theCursorQueuesOnlyWithACapAndWaitsForTheIntendedTime() {
    SendSchedule s = new SendSchedule(new long[] {0, 100, 200}, null, List.of());
    ScheduleCursor capped = new ScheduleCursor(s, true);
    ScheduleCursor.Slot first = capped.take(1_000);
    assertThat(first.intendedNanos()).isEqualTo(1_000 + ScheduleCursor.LEAD_NANOS);
    assertThat(first.waitNanos()).isEqualTo(ScheduleCursor.LEAD_NANOS);
    ScheduleCursor.Slot late = capped.take(1_000 + ScheduleCursor.LEAD_NANOS + 150);
    assertThat(late.queueNanos()).isEqualTo(50);
    assertThat(late.waitNanos()).isZero();
    assertThat(capped.take(0).index()).isEqualTo(2);
    assertThat(capped.take(0)).isNull();
    ScheduleCursor free = new ScheduleCursor(s, false);
    free.take(0);
    assertThat(free.take(ScheduleCursor.LEAD_NANOS + 150).queueNanos()).isZero();
  }
}
