package io.llmload.workload;

/** Supplies each call's prompt text: exactly spec.inputTokens() tokens, reproducible from the seed. */
public interface PromptSource extends AutoCloseable {
  String prompt(CallSpec spec, String instruction);

  /** Tells the source which calls come next, so it can build their prompts ahead, off the hot path. */
  default void planAhead(Journey journey) {
  }

  @Override
  default void close() {
  }
}
