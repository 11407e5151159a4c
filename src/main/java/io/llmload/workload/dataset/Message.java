package io.llmload.workload.dataset;

/** One recorded message of a conversation: who said it ("user" or "assistant") and what. */
public record Message(String role, String text) {
  public static final String USER = "user";
  public static final String ASSISTANT = "assistant";

  public boolean fromUser() {
    return USER.equals(role);
  }
}
