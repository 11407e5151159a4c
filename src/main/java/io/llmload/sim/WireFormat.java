package io.llmload.sim;

/** vLLM's JSON shapes for chunks and bodies, built with a StringBuilder (hot path). */
final class WireFormat {
  private WireFormat() {}

  static void sse(StringBuilder sb, CharSequence json) {
    sb.append("data: ").append(json).append("\n\n");
  }

  static void done(StringBuilder sb) {
    sb.append("data: [DONE]\n\n");
  }

  private static StringBuilder head(StringBuilder sb, String id, String object, long created, String model) {
    sb.append("{\"id\":\"").append(id).append("\",\"object\":\"").append(object).append("\",\"created\":")
        .append(created).append(",\"model\":");
    return Json.quote(sb, model);
  }

  /** Everything of a chat chunk up to the delta object, computed once per request (hot path). */
  static String chatChunkHead(String id, long created, String model) {
    StringBuilder sb = new StringBuilder(200).append("data: ");
    head(sb, id, "chat.completion.chunk", created, model).append(",\"choices\":[{\"index\":0,\"delta\":");
    return sb.toString();
  }

  /** Everything of a completion chunk up to the text value, computed once per request (hot path). */
  static String completionChunkHead(String id, long created, String model) {
    StringBuilder sb = new StringBuilder(200).append("data: ");
    head(sb, id, "text_completion", created, model).append(",\"choices\":[{\"index\":0,\"text\":");
    return sb.toString();
  }

  static final String CHUNK_TAIL = ",\"logprobs\":null,\"finish_reason\":null,\"stop_reason\":null}]}\n\n";

  /** A chat.completion.chunk with one choice; {@code delta} is a JSON object text. */
  static void chatChunk(StringBuilder sb, String id, long created, String model, String delta, String finishReason,
              String usageJson) {
    sb.append("data: ");
    head(sb, id, "chat.completion.chunk", created, model).append(",\"choices\":[{\"index\":0,\"delta\":")
        .append(delta).append(",\"logprobs\":null,\"finish_reason\":");
    finish(sb, finishReason).append("}]");
    if (usageJson != null) sb.append(",\"usage\":").append(usageJson);
    sb.append("}\n\n");
  }

  static void completionChunk(StringBuilder sb, String id, long created, String model, String text,
                String finishReason, String usageJson) {
    sb.append("data: ");
    head(sb, id, "text_completion", created, model).append(",\"choices\":[{\"index\":0,\"text\":");
    Json.quote(sb, text).append(",\"logprobs\":null,\"finish_reason\":");
    finish(sb, finishReason).append("}]");
    if (usageJson != null) sb.append(",\"usage\":").append(usageJson);
    sb.append("}\n\n");
  }

  private static StringBuilder finish(StringBuilder sb, String finishReason) {
    if (finishReason == null) return sb.append("null,\"stop_reason\":null");
    return sb.append('"').append(finishReason).append("\",\"stop_reason\":null");
  }

  /** The final usage-only chunk: "choices": []. */
  static void usageChunk(StringBuilder sb, boolean chat, String id, long created, String model, String usageJson) {
    sb.append("data: ");
    head(sb, id, chat ? "chat.completion.chunk" : "text_completion", created, model)
        .append(",\"choices\":[],\"usage\":").append(usageJson).append("}\n\n");
  }

  static String usage(int prompt, int completion, int reasoning) {
    StringBuilder sb = new StringBuilder(96);
    sb.append("{\"prompt_tokens\":").append(prompt).append(",\"total_tokens\":").append(prompt + completion)
        .append(",\"completion_tokens\":").append(completion);
    if (reasoning > 0) sb.append(",\"completion_tokens_details\":{\"reasoning_tokens\":").append(reasoning).append('}');
    sb.append(",\"prompt_tokens_details\":null}");
    return sb.toString();
  }

  static String contentDelta(String text) {
    return Json.quote(new StringBuilder("{\"content\":"), text).append('}').toString();
  }

  static String reasoningDelta(String text) {
    StringBuilder sb = new StringBuilder("{\"reasoning\":");
    Json.quote(sb, text).append(",\"reasoning_content\":");
    return Json.quote(sb, text).append('}').toString();
  }

  static final String ROLE_DELTA = "{\"role\":\"assistant\",\"content\":\"\"}";

  static String chatResponse(String id, long created, String model, String content, String reasoning,
                 String finishReason, String usageJson) {
    StringBuilder sb = new StringBuilder(256 + (content == null ? 0 : content.length()));
    head(sb, id, "chat.completion", created, model).append(",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":");
    Json.quote(sb, content);
    if (reasoning != null) {
      sb.append(",\"reasoning\":");
      Json.quote(sb, reasoning).append(",\"reasoning_content\":");
      Json.quote(sb, reasoning);
    }
    sb.append(",\"tool_calls\":[]},\"logprobs\":null,\"finish_reason\":");
    finish(sb, finishReason).append("}],\"usage\":").append(usageJson).append(",\"prompt_logprobs\":null}");
    return sb.toString();
  }

  static String completionResponse(String id, long created, String model, String text, String finishReason,
                   String usageJson) {
    StringBuilder sb = new StringBuilder(256 + text.length());
    head(sb, id, "text_completion", created, model).append(",\"choices\":[{\"index\":0,\"text\":");
    Json.quote(sb, text).append(",\"logprobs\":null,\"finish_reason\":");
    finish(sb, finishReason).append(",\"prompt_logprobs\":null}],\"usage\":").append(usageJson).append('}');
    return sb.toString();
  }

  /** A mid-stream error event as vLLM sends it. */
  static void errorEvent(StringBuilder sb, String message, String type, int code) {
    sb.append("data: {\"error\":{\"message\":");
    Json.quote(sb, message).append(",\"type\":");
    Json.quote(sb, type).append(",\"param\":null,\"code\":").append(code).append("}}\n\n");
  }
}
