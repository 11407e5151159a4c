package io.llmload.sim;

/** How the simulator times tokens. */
public enum SimMode {
  /** Token i of a request is sent at arrival + ttftMs + i * itlMs exactly; no queueing. For tests. */
  FIXED,
  /** A vLLM V1-like continuous-batching engine: queueing, chunked prefill, KV cache, preemption. */
  BATCHING
}
