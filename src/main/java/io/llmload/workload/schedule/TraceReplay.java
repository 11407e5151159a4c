package io.llmload.workload.schedule;

import io.llmload.config.ConfigException;
import io.llmload.config.LlmConfig;
import io.llmload.config.ScheduleConfig;
import io.llmload.workload.trace.TraceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A trace replay's schedule from the settings: llm.trace.file read as llm.trace.format by the trace reader,
 * then timed by {@link TraceTiming} (window, speedup, rate scale, limit). Everything is checked before any
 * load is sent.
 *
 * <p>The reader is {@link #reader}: until the trace formats are merged it knows no format; the formats'
 * TraceReader is connected there ({@code TraceReplay.reader = TraceReader::read}, or the default changed).
 * Tests set their own.
 */
public final class TraceReplay {
  /** What reads trace files; replaced by the formats' reader (see the class comment). */
  public static volatile TraceSource reader = (file, format) -> {
    throw new ConfigException("llm.trace.format=" + format + ": this build has no trace reader for " + file
        + " (the trace formats are not connected to io.llmload.workload.schedule.TraceReplay.reader)");
  };

  private TraceReplay() {
  }

  public static SendSchedule schedule(LlmConfig config) {
    ScheduleConfig.Trace t = config.schedule().trace();
    if (t.workload() != null && !t.workload().equals("trace")) {
      throw new ConfigException("llm.workload=" + t.workload() + " is not known to TraceReplaySimulation; set"
          + " -Dllm.workload=trace (or leave it unset)");
    }
    if (t.file() == null) {
      throw new ConfigException("a trace replay needs -Dllm.trace.file=<path> (and -Dllm.trace.format=<format>)");
    }
    if (t.format() == null) {
      throw new ConfigException("llm.trace.file=" + t.file() + " needs -Dllm.trace.format=<format> too");
    }
    Path file = Path.of(t.file());
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("llm.trace.file=" + t.file() + " is not a readable file (" + file.toAbsolutePath() + ")");
    }
    List<TraceRecord> records = reader.read(file, t.format());
    SendSchedule schedule = new TraceTiming(t.speedup(), t.startS(), t.durationS(), t.limit(), t.rateScale(),
        config.seed()).schedule(records);
    if (schedule.size() == 0) {
      throw new ConfigException("llm.trace.file=" + t.file() + ": no record to send (" + records.size()
          + " records read" + (schedule.notes().isEmpty() ? "" : "; " + String.join("; ", schedule.notes())) + ")");
    }
    return schedule;
  }
}
