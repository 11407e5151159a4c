package io.llmload.workload.schedule;

import io.llmload.config.ShardConfig;
import io.llmload.workload.trace.TraceRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * When each journey of a run is sent: offsets in nanoseconds from the schedule's origin (non-decreasing),
 * and for a trace replay the record each one sends.
 *
 * @param offsetsNanos the intended send time of journey i, from the origin
 * @param records      the trace record of journey i, or null when the schedule is an arrival process
 * @param notes        what was cut or changed on the way (a trace window, a limit), shown before the run
 * @param positions    journey i's position in the whole run's schedule (a shard's part of it), or null when
 *                     the schedule is the whole run's (position = i)
 */
public record SendSchedule(long[] offsetsNanos, List<TraceRecord> records, List<String> notes, long[] positions) {
  public SendSchedule {
    if (records != null && records.size() != offsetsNanos.length) {
      throw new IllegalArgumentException(records.size() + " records for " + offsetsNanos.length + " offsets");
    }
    if (positions != null && positions.length != offsetsNanos.length) {
      throw new IllegalArgumentException(positions.length + " positions for " + offsetsNanos.length + " offsets");
    }
    notes = List.copyOf(notes);
  }

  /** The whole run's schedule. */
  public SendSchedule(long[] offsetsNanos, List<TraceRecord> records, List<String> notes) {
    this(offsetsNanos, records, notes, null);
  }

  public int size() {
    return offsetsNanos.length;
  }

  /** Journey i's position in the whole run's schedule: what its journey, prompt and call ids are drawn from. */
  public long position(int i) {
    return positions == null ? i : positions[i];
  }

  /**
   * Shard {@code shard}'s part: the entries at positions I, I + N, I + 2N, … with their offsets unchanged
   * (from the same origin), so the N parts together are this schedule exactly. This schedule itself when
   * the run is not sharded.
   */
  public SendSchedule shard(ShardConfig shard) {
    if (!shard.sharded()) {
      return this;
    }
    int n = size() <= shard.index() ? 0 : (size() - shard.index() + shard.count() - 1) / shard.count();
    long[] offsets = new long[n];
    long[] at = new long[n];
    List<TraceRecord> mine = records == null ? null : new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      int p = Math.toIntExact(shard.position(k));
      offsets[k] = offsetsNanos[p];
      at[k] = position(p);
      if (mine != null) {
        mine.add(records.get(p));
      }
    }
    List<String> withShard = new ArrayList<>(notes);
    withShard.add("shard " + shard.label() + " (llm.runId=" + shard.runId() + "): " + n + " of the " + size()
        + " sends, positions " + shard.index() + ", " + (shard.index() + shard.count()) + ", " + (shard.index()
        + 2L * shard.count()) + ", … of the one schedule");
    return new SendSchedule(offsets, mine, withShard, at);
  }

  /** The last intended send time, in seconds from the origin (0 for an empty schedule). */
  public double spanSeconds() {
    return offsetsNanos.length == 0 ? 0 : offsetsNanos[offsetsNanos.length - 1] / 1e9;
  }

  public boolean isTrace() {
    return records != null;
  }
}
