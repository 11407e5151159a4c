package io.llmload.workload.schedule;

import io.llmload.workload.trace.Trace;
import java.nio.file.Path;

/**
 * Reads a trace file into its records (in file order, offsets from its first record): {@link
 * io.llmload.workload.trace.TraceReader} in a run; a test may put its own in {@link TraceReplay#reader}.
 */
@FunctionalInterface
public interface TraceSource {
  /**
   * @param format the format's name, or null to detect it
   * @throws io.llmload.config.ConfigException for bad input, naming the file, the line and the field
   */
  Trace read(Path file, String format);
}
