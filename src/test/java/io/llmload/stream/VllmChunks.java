package io.llmload.stream;

/** vLLM-shaped stream payloads, as vLLM's chat and completion serving writes them, and Gatling's rendering. */
final class VllmChunks {
  private VllmChunks() {
  }

  static String role(String id) {
    return "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1764200000,\"model\":\"m\","
        + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}";
  }

  static String content(String id, String text) {
    return "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1764200000,\"model\":\"m\","
        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},\"logprobs\":null,\"finish_reason\":null}]}";
  }

  static String last(String id, String text, String finish) {
    return "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1764200000,\"model\":\"m\","
        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},\"logprobs\":null,\"finish_reason\":\""
        + finish + "\",\"stop_reason\":null}]}";
  }

  static String reasoning(String id, String text) {
    return "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"model\":\"m\","
        + "\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"" + text + "\",\"reasoning_content\":\"" + text
        + "\"},\"finish_reason\":null}]}";
  }

  static String toolCall(String id, String arguments) {
    return "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
        + "\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"" + arguments + "\"}}]},\"finish_reason\":null}]}";
  }

  static String usage(String id, int prompt, int completion) {
    return "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1764200000,\"model\":\"m\","
        + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt + ",\"total_tokens\":" + (prompt + completion)
        + ",\"completion_tokens\":" + completion + "}}";
  }

  static String error(String message) {
    return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"InternalServerError\",\"param\":null,\"code\":500}}";
  }

  static String completionText(String id, String text, String finish) {
    return "{\"id\":\"" + id + "\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
        + "\"text\":\"" + text + "\",\"logprobs\":null,\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
  }

  /** How Gatling 3.15 hands an event over: JSON-looking data embedded raw, anything else as a JSON string. */
  static String gatling(String data) {
    boolean raw = data.length() > 1 && ((data.startsWith("{") && data.endsWith("}")) || (data.startsWith("[") && data.endsWith("]")));
    return "{\"data\":" + (raw ? data : "\"" + data.replace("\\", "\\\\").replace("\"", "\\\"") + "\"") + "}";
  }
}
