package io.llmload.workload.schedule;

import io.llmload.workload.trace.TraceRecord;
import java.nio.file.Path;
import java.util.List;

/** Reads a trace file of one format into its records (in file order, offsets from its first record). */
@FunctionalInterface
public interface TraceSource {
  /**
   * @throws io.llmload.config.ConfigException for bad input, naming the file, the line and the field
   */
  List<TraceRecord> read(Path file, String format);
}
