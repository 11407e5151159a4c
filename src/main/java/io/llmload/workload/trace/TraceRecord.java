package io.llmload.workload.trace;

/**
 * One request of a recorded trace: when it arrived (milliseconds after the trace's first record), how many
 * input and output tokens it had, and, for traces that record them (Mooncake), the ids of its prompt's prefix
 * blocks: the same id at the same position is the same block of text, so a server's prefix cache sees the
 * trace's reuse.
 *
 * @param offsetMs     arrival time relative to the trace's first record, ms (never negative, never decreasing)
 * @param inputTokens  prompt tokens (at least 1)
 * @param outputTokens output tokens to force (at least 1)
 * @param hashIds      prefix block ids, empty when the format has none
 * @param line         1-based line of the record in its file, for error messages
 */
public record TraceRecord(long offsetMs, int inputTokens, int outputTokens, int[] hashIds, long line) {
}
