package io.llmload.workload.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.config.LlmConfig;
import io.llmload.config.Settings;
import io.llmload.config.ShardConfig;
import io.llmload.workload.Journey;
import io.llmload.workload.JourneyKind;
import io.llmload.workload.JourneyPlanner;
import io.llmload.workload.trace.TraceRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** N shards of a schedule are the one-injector schedule exactly: same times, same positions, same journeys. */
class ShardScheduleTest {
  private static LlmConfig config(Map<String, String> props) {
    return LlmConfig.read(Settings.of(props), LlmConfig.Defaults.SMOKE);
  }

  /** The union of the shards' (position, offset) pairs, sorted by position. */
  private static long[][] union(SendSchedule whole, int n) {
    long[][] out = new long[whole.size()][];
    int seen = 0;
    for (int i = 0; i < n; i++) {
      SendSchedule part = whole.shard(new ShardConfig(i, n, "r"));
      for (int k = 0; k < part.size(); k++) {
        int p = Math.toIntExact(part.position(k));
        assertThat(out[p]).as("position %d sent by two shards", p).isNull();
        out[p] = new long[] {p, part.offsetsNanos()[k]};
        if (whole.isTrace()) {
          assertThat(part.records().get(k)).isSameAs(whole.records().get(p));
        }
        seen++;
      }
    }
    assertThat(seen).isEqualTo(whole.size());
    return out;
  }

  @Test
  void theShardsOfEveryArrivalProcessAreTheOneScheduleExactly() {
    for (String arrival : List.of("even", "poisson", "gamma")) {
      Map<String, String> p = new HashMap<>(Map.of("llm.users", "1000", "llm.rate", "50", "llm.arrival", arrival));
      if (arrival.equals("gamma")) {
        p.put("llm.burstiness", "0.4");
      }
      SendSchedule whole = Schedules.arrivals(config(p));
      for (int n : new int[] {1, 2, 3, 7}) {
        long[][] u = union(whole, n);
        for (int i = 0; i < whole.size(); i++) {
          assertThat(u[i][1]).as("%s, %d shards, arrival %d", arrival, n, i).isEqualTo(whole.offsetsNanos()[i]);
        }
      }
    }
  }

  @Test
  void theSeedsEvenSpreadBecomesAScheduleOfTheSameTimes() {
    SendSchedule whole = Schedules.arrivals(config(Map.of("llm.users", "9", "llm.rampSeconds", "3")));
    // llm.users over llm.rampSeconds: 3 per second, one every 333 ms, the first at 0
    assertThat(whole.offsetsNanos()[3]).isEqualTo(1_000_000_000L);
    SendSchedule one = whole.shard(new ShardConfig(1, 3, "r"));
    assertThat(one.offsetsNanos()).containsExactly(whole.offsetsNanos()[1], whole.offsetsNanos()[4], whole.offsetsNanos()[7]);
    assertThat(one.position(2)).isEqualTo(7);
    assertThat(one.notes()).last().asString().contains("shard 1/3").contains("3 of the 9 sends");
  }

  @Test
  void aTraceReplaysShardsAreItsRecordsExactlyWithRateScaleCopies() {
    List<TraceRecord> records = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      records.add(new TraceRecord(i * 37L + (i % 5), 100 + i, 10 + i % 7, new int[0], i + 1));
    }
    SendSchedule whole = new TraceTiming(2, 0, 0, 0, 1.7, 42).schedule(records);
    assertThat(whole.size()).isGreaterThan(300);
    long[][] u = union(whole, 3);
    for (int i = 0; i < whole.size(); i++) {
      assertThat(u[i][1]).isEqualTo(whole.offsetsNanos()[i]);
    }
  }

  @Test
  void theJourneyAShardSendsAtAPositionIsTheOneInjectorsJourneyThere() {
    LlmConfig one = config(Map.of("llm.users", "30"));
    LlmConfig shard = config(Map.of("llm.users", "30", "llm.shard", "2/3", "llm.runId", "r"));
    JourneyPlanner a = new JourneyPlanner(one);
    JourneyPlanner b = new JourneyPlanner(shard);
    for (int k = 0; k < 10; k++) {
      long position = shard.shard().position(k);
      Journey mine = b.journey(position, JourneyKind.MIXED, null);
      assertThat(mine).isEqualTo(a.journey(position, JourneyKind.MIXED, null));
      assertThat(mine.calls().get(0).callId() / JourneyPlanner.CALL_ID_STRIDE).isEqualTo(position);
    }
  }

  @Test
  void aFixedOriginPutsEveryShardsSendsOnTheOneTimeline() {
    SendSchedule whole = Schedules.arrivals(config(Map.of("llm.users", "12", "llm.rate", "4")));
    long origin = 7_000_000_000L;
    for (int i = 0; i < 3; i++) {
      SendSchedule part = whole.shard(new ShardConfig(i, 3, "r"));
      // injectors that start at different moments still send each position at origin + its offset
      ScheduleCursor cursor = new ScheduleCursor(part, false, origin);
      for (int k = 0; k < part.size(); k++) {
        ScheduleCursor.Slot slot = cursor.take(1_000_000_000L * (i + 1));
        assertThat(slot.intendedNanos()).isEqualTo(origin + whole.offsetsNanos()[(int) part.position(k)]);
      }
      assertThat(cursor.take(0)).isNull();
    }
    // without one, a cursor's origin is its first take plus the lead
    ScheduleCursor own = new ScheduleCursor(whole, false);
    assertThat(own.take(5).intendedNanos()).isEqualTo(5 + ScheduleCursor.LEAD_NANOS);
  }
}
