package io.llmload.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * With llm.agentChain=true, each agent step sends the earlier steps' prompts and the model's actual
 * answers before its own new part, as a real agent carries its history.
 */
public final class AgentHistory {
  public record Turn(String prompt, String answer, int promptTokens, int answerTokens) {
  }

  private final List<Turn> turns = new ArrayList<>();

  public void add(String prompt, String answer, int promptTokens, int answerTokens) {
    turns.add(new Turn(prompt, answer, promptTokens, answerTokens));
  }

  public List<Turn> turns() {
    return List.copyOf(turns);
  }

  /** Tokens the history adds before the new part (our prompts' sizes plus the server's answer counts). */
  public int tokens() {
    return turns.stream().mapToInt(t -> t.promptTokens() + t.answerTokens()).sum();
  }
}
