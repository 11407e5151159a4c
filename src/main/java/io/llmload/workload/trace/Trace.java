package io.llmload.workload.trace;

import java.nio.file.Path;
import java.util.List;

/**
 * A trace file read and checked by {@link TraceReader}.
 *
 * @param file     the file read
 * @param format   its format (given or detected)
 * @param records  the requests, in file order, offsets non-decreasing and relative to the first record
 * @param dropped  rows left out on purpose (BurstGPT failures: Response tokens = 0)
 * @param timed    false when the file has no arrival times (a {@code jsonl} file without timestamps: every
 *                 offset is 0 and the replay must pace the requests itself)
 */
public record Trace(Path file, TraceFormat format, List<TraceRecord> records, int dropped, boolean timed) {

  public Trace {
    records = List.copyOf(records);
  }

  /** Span of the trace: the last record's offset, ms. */
  public long durationMs() {
    return records.isEmpty() ? 0 : records.get(records.size() - 1).offsetMs();
  }

  /** One line for the console: what was read and what was left out. */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append("trace ").append(file).append(" (").append(format.id()).append("): ").append(records.size())
        .append(" requests");
    if (timed) {
      sb.append(" over ").append(durationMs()).append(" ms");
    } else {
      sb.append(", no timestamps");
    }
    if (dropped > 0) {
      sb.append("; dropped ").append(dropped).append(" failed requests (Response tokens = 0)");
    }
    return sb.toString();
  }
}
