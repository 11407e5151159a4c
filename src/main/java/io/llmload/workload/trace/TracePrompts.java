package io.llmload.workload.trace;

/** Builds the prompt text of one trace record: exactly its input tokens, reproducible from the run's seed. */
public interface TracePrompts {
  String prompt(TraceRecord record);
}
