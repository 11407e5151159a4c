package io.llmload.sim;

/**
 * One injected fault.
 *
 * @param requestId    the response id the client saw (chatcmpl-… / cmpl-…)
 * @param kind         what was injected
 * @param epochMillis  wall clock when it was injected
 * @param nanoTime     System.nanoTime() when it was injected
 * @param afterTokens  output tokens sent before the fault (0 for pre-stream faults)
 */
public record FaultRecord(String requestId, FaultKind kind, long epochMillis, long nanoTime, int afterTokens) {}
