package io.llmload.workload.prompt;

/**
 * One planned prompt: which call, how many tokens in total, and the instruction that closes it (null
 * for none). {@link PromptPool} prebuilds prompts in the order of a list of these.
 */
public record PromptSpec(long callIndex, int tokens, String instruction) {

  public PromptSpec {
    if (tokens <= 0) {
      throw new IllegalArgumentException("tokens must be positive, got " + tokens);
    }
  }

  /** Same call index, size and instruction (null and "" are the same: no instruction). */
  boolean sameShape(long otherIndex, int otherTokens, String otherInstruction) {
    return callIndex == otherIndex && tokens == otherTokens
        && normalize(instruction).equals(normalize(otherInstruction));
  }

  private static String normalize(String instruction) {
    return instruction == null ? "" : instruction;
  }
}
