package io.llmload.workload.schedule;

import io.llmload.config.ConfigException;
import io.llmload.config.LlmConfig;
import io.llmload.config.ScheduleConfig;
import io.llmload.workload.trace.Trace;
import io.llmload.workload.trace.TraceFormatException;
import io.llmload.workload.trace.TraceReader;
import io.llmload.workload.trace.TraceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A trace replay's schedule from the settings: llm.trace.file read as llm.trace.format by the trace reader,
 * then timed by {@link TraceTiming} (window, speedup, rate scale, limit). Everything is checked before any
 * load is sent.
 *
 * <p>The file is read by {@link TraceReader}, whose errors name the file, the line and the field.
 */
public final class TraceReplay {
  /** The trace read from llm.trace.file and the schedule its records are sent on. */
  public record Replay(Trace trace, SendSchedule schedule) {
  }

  private TraceReplay() {
  }

  public static SendSchedule schedule(LlmConfig config) {
    return read(config).schedule();
  }

  /** Reads and times llm.trace.file; every problem is a ConfigException before any load. */
  public static Replay read(LlmConfig config) {
    ScheduleConfig.Trace t = config.schedule().trace();
    if (t.workload() != null && !t.workload().equals("trace")) {
      throw new ConfigException("llm.workload=" + t.workload() + " is not known to TraceReplaySimulation; set"
          + " -Dllm.workload=trace (or leave it unset)");
    }
    if (t.file() == null) {
      throw new ConfigException("a trace replay needs -Dllm.trace.file=<path> (and -Dllm.trace.format=<format> when"
          + " the format cannot be detected)");
    }
    Path file = Path.of(t.file());
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("llm.trace.file=" + t.file() + " is not a readable file (" + file.toAbsolutePath() + ")");
    }
    Trace trace;
    try {
      trace = TraceReader.read(file, t.format());
    } catch (TraceFormatException e) {
      throw new ConfigException(e.getMessage());
    }
    List<TraceRecord> records = trace.records();
    SendSchedule schedule = new TraceTiming(t.speedup(), t.startS(), t.durationS(), t.limit(), t.rateScale(),
        config.seed()).schedule(records);
    if (schedule.size() == 0) {
      throw new ConfigException("llm.trace.file=" + t.file() + ": no record to send (" + records.size()
          + " records read" + (schedule.notes().isEmpty() ? "" : "; " + String.join("; ", schedule.notes())) + ")");
    }
    if (schedule.size() <= config.shard().index()) {
      throw new ConfigException("llm.shard=" + config.shard().label() + ": llm.trace.file=" + t.file() + " gives "
          + schedule.size() + " calls to send, none at this injector's positions (every " + config.shard().count()
          + "-th from " + config.shard().index() + "); use fewer injectors or a longer trace window");
    }
    return new Replay(trace, schedule);
  }
}
