package io.llmload.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Classifies one stream payload. Tolerant of vLLM's variations (unknown and null fields, the usage
 * chunk with "choices": [], reasoning under either name, flat or nested error objects); never throws.
 */
public final class ChunkParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ChunkParser() {
  }

  public static StreamChunk parse(String payload) {
    if (payload == null) {
      return StreamChunk.failure(StreamChunk.Kind.INVALID, "event without data");
    }
    String trimmed = payload.trim();
    if (trimmed.equals("[DONE]")) {
      return StreamChunk.done();
    }
    JsonNode root;
    try {
      root = JSON.readTree(trimmed);
    } catch (JsonProcessingException e) {
      return StreamChunk.failure(StreamChunk.Kind.INVALID, "event is not valid JSON: " + abbreviate(trimmed));
    }
    if (root == null || !root.isObject()) {
      return StreamChunk.failure(StreamChunk.Kind.INVALID, "event is not a JSON object: " + abbreviate(trimmed));
    }
    JsonNode error = root.get("error");
    if (error != null && !error.isNull()) {
      return StreamChunk.failure(StreamChunk.Kind.ERROR, errorMessage(error));
    }
    if ("error".equals(root.path("object").asText())) {
      return StreamChunk.failure(StreamChunk.Kind.ERROR, root.path("message").asText("error"));
    }
    StringBuilder content = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    StringBuilder tools = new StringBuilder();
    boolean toolCall = false;
    String finish = null;
    JsonNode choices = root.get("choices");
    if (choices != null && choices.isArray()) {
      for (JsonNode choice : choices) {
        JsonNode delta = choice.get("delta");
        if (delta != null && delta.isObject()) {
          content.append(text(delta.get("content")));
          String r = text(delta.get("reasoning"));
          reasoning.append(r.isEmpty() ? text(delta.get("reasoning_content")) : r);
          JsonNode calls = delta.get("tool_calls");
          if (calls != null && calls.isArray() && calls.size() > 0) {
            toolCall = true;
            for (JsonNode call : calls) {
              JsonNode function = call.path("function");
              tools.append(text(function.get("name"))).append(text(function.get("arguments")));
            }
          }
        }
        content.append(text(choice.get("text")));
        String f = text(choice.get("finish_reason"));
        if (!f.isEmpty()) {
          finish = f;
        }
      }
    }
    Integer prompt = null;
    Integer completion = null;
    JsonNode usage = root.get("usage");
    if (usage != null && usage.isObject()) {
      prompt = integer(usage.get("prompt_tokens"));
      completion = integer(usage.get("completion_tokens"));
    }
    String id = root.hasNonNull("id") ? root.get("id").asText() : null;
    return new StreamChunk(StreamChunk.Kind.DATA, id, content.toString(), reasoning.toString(), tools.toString(),
        toolCall, finish, prompt, completion, null);
  }

  private static String errorMessage(JsonNode error) {
    if (error.isTextual()) {
      return error.asText();
    }
    String message = error.path("message").asText("");
    String type = error.path("type").asText("");
    String code = error.path("code").asText("");
    StringBuilder sb = new StringBuilder(message.isEmpty() ? error.toString() : message);
    if (!type.isEmpty() || !code.isEmpty()) {
      sb.append(" (").append(type).append(type.isEmpty() || code.isEmpty() ? "" : " ").append(code).append(')');
    }
    return sb.toString();
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() || !node.isValueNode() ? "" : node.asText();
  }

  private static Integer integer(JsonNode node) {
    return node == null || !node.canConvertToInt() ? null : node.asInt();
  }

  static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 120) + "…";
  }
}
