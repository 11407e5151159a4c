package io.llmload.stream;

/**
 * One server-sent event of an OpenAI-compatible stream, classified.
 *
 * @param content    text of delta.content (chat) or choices[].text (completions); "" when none
 * @param reasoning  text of delta.reasoning or delta.reasoning_content; "" when none
 * @param toolText   names and argument fragments of delta.tool_calls; "" when none
 * @param toolCall   true when the event carries a tool_calls delta
 */
public record StreamChunk(
    Kind kind,
    String id,
    String content,
    String reasoning,
    String toolText,
    boolean toolCall,
    String finishReason,
    Integer promptTokens,
    Integer completionTokens,
    String error) {

  public enum Kind {
    /** A JSON chunk (role, tokens, finish, usage, or nothing at all). */
    DATA,
    /** data: [DONE], the end of the stream. */
    DONE,
    /** An error object sent inside the stream. */
    ERROR,
    /** A payload that is not a JSON object. */
    INVALID
  }

  static StreamChunk done() {
    return new StreamChunk(Kind.DONE, null, "", "", "", false, null, null, null, null);
  }

  static StreamChunk failure(Kind kind, String reason) {
    return new StreamChunk(kind, null, "", "", "", false, null, null, null, reason);
  }

  /** Carries at least one output token of any kind: content, reasoning or a tool call. */
  public boolean tokenBearing() {
    return !content.isEmpty() || !reasoning.isEmpty() || toolCall;
  }

  /** Carries output meant for the user (content or a tool call), not reasoning. */
  public boolean outputBearing() {
    return !content.isEmpty() || toolCall;
  }
}
