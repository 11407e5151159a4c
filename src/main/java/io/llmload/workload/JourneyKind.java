package io.llmload.workload;

/**
 * What a virtual user does: one heavy call, one agent flow, either by llm.agentMix, or one conversation of
 * a dataset (workload.dataset.Conversations draws those journeys, not JourneyPlanner).
 */
public enum JourneyKind {
  SINGLE,
  AGENT,
  MIXED,
  CONVERSATION
}
