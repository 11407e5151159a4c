package io.llmload.workload;

/** What a virtual user does: one heavy call, one agent flow, or either by llm.agentMix. */
public enum JourneyKind {
  SINGLE,
  AGENT,
  MIXED
}
