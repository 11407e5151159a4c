package io.llmload.workload.schedule;

import io.llmload.workload.trace.TraceRecord;
import java.util.List;

/**
 * When each journey of a run is sent: offsets in nanoseconds from the schedule's origin (non-decreasing),
 * and for a trace replay the record each one sends.
 *
 * @param offsetsNanos the intended send time of journey i, from the origin
 * @param records      the trace record of journey i, or null when the schedule is an arrival process
 * @param notes        what was cut or changed on the way (a trace window, a limit), shown before the run
 */
public record SendSchedule(long[] offsetsNanos, List<TraceRecord> records, List<String> notes) {
  public SendSchedule {
    if (records != null && records.size() != offsetsNanos.length) {
      throw new IllegalArgumentException(records.size() + " records for " + offsetsNanos.length + " offsets");
    }
    notes = List.copyOf(notes);
  }

  public int size() {
    return offsetsNanos.length;
  }

  /** The last intended send time, in seconds from the origin (0 for an empty schedule). */
  public double spanSeconds() {
    return offsetsNanos.length == 0 ? 0 : offsetsNanos[offsetsNanos.length - 1] / 1e9;
  }

  public boolean isTrace() {
    return records != null;
  }
}
