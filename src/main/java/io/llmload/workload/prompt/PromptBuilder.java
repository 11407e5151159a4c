package io.llmload.workload.prompt;

/** Builds one call's prompt text of a requested size, reproducibly ({@link PromptFactory}, {@link ServerSizedPrompts}). */
public interface PromptBuilder {
  String build(long callIndex, int tokens, String instruction);
}
