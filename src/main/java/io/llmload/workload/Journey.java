package io.llmload.workload;

import java.util.List;

/**
 * One user's plan, drawn up front from the seed: its calls in order and the think time before each
 * call after the first. Agent chaining state (earlier prompts and answers) lives in {@link AgentHistory}.
 *
 * @param thinkMillis think time before call i (index 0 is always 0)
 */
public record Journey(long index, boolean agent, List<CallSpec> calls, List<Long> thinkMillis) {
  public CallSpec call(int i) {
    return calls.get(i);
  }
}
