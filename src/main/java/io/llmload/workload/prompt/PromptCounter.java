package io.llmload.workload.prompt;

/** Counts a prompt's tokens as the server will: the system prompt and the user text, chat template included. */
public interface PromptCounter {
  int count(String systemPrompt, String userText);
}
