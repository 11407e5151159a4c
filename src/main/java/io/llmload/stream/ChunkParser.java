package io.llmload.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Classifies one stream payload. Tolerant of vLLM's variations (unknown and null fields, the usage
 * chunk with "choices": [], reasoning under either name, flat or nested error objects); never throws.
 *
 * <p>Every token event passes through here on Gatling's event loop, so chunks are read with Jackson's
 * streaming parser, skipping what is not needed, instead of building a tree (which cost a quarter of the
 * client's CPU in the load benchmark's profile). Error events and payloads that are not objects, which are
 * rare, take the tree path for their message.
 */
public final class ChunkParser {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = JSON.getFactory();

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
    try (JsonParser p = FACTORY.createParser(trimmed)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return parseTree(trimmed);
      }
      Fields f = new Fields();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "id" -> f.id = value == JsonToken.VALUE_NULL ? null : text(p, value);
          case "error" -> {
            f.error |= value != JsonToken.VALUE_NULL;
            p.skipChildren();
          }
          case "object" -> f.error |= "error".equals(text(p, value));
          case "choices" -> choices(p, value, f);
          case "usage" -> usage(p, value, f);
          default -> p.skipChildren();
        }
      }
      if (f.error) {
        return parseTree(trimmed);
      }
      return new StreamChunk(StreamChunk.Kind.DATA, f.id, f.content, f.reasoning, f.tools, f.toolCall, f.finish,
          f.prompt, f.completion, null);
    } catch (JsonProcessingException e) {
      return StreamChunk.failure(StreamChunk.Kind.INVALID, "event is not valid JSON: " + abbreviate(trimmed));
    } catch (IOException e) {
      return StreamChunk.failure(StreamChunk.Kind.INVALID, "event could not be read: " + e.getMessage());
    }
  }

  /**
   * What a chunk says, gathered field by field. Texts are plain strings, joined only in the rare chunk with
   * several choices or tool calls: a builder per text per chunk showed up in the profile.
   */
  private static final class Fields {
    String id;
    boolean error;
    String content = "";
    String reasoning = "";
    String tools = "";
    boolean toolCall;
    String finish;
    Integer prompt;
    Integer completion;
  }

  private static void choices(JsonParser p, JsonToken value, Fields f) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      String deltaContent = "";
      String reasoning = "";
      String reasoningContent = "";
      String text = "";
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case "delta" -> {
            if (v != JsonToken.START_OBJECT) {
              p.skipChildren();
              continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String field = p.currentName();
              JsonToken dv = p.nextToken();
              switch (field) {
                case "content" -> deltaContent = text(p, dv);
                case "reasoning" -> reasoning = text(p, dv);
                case "reasoning_content" -> reasoningContent = text(p, dv);
                case "tool_calls" -> toolCalls(p, dv, f);
                default -> p.skipChildren();
              }
            }
          }
          case "text" -> text = text(p, v);
          case "finish_reason" -> {
            String finish = text(p, v);
            if (!finish.isEmpty()) {
              f.finish = finish;
            }
          }
          default -> p.skipChildren();
        }
      }
      f.content = join(join(f.content, deltaContent), text);
      f.reasoning = join(f.reasoning, reasoning.isEmpty() ? reasoningContent : reasoning);
    }
  }

  private static void toolCalls(JsonParser p, JsonToken value, Fields f) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      f.toolCall = true;
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        boolean function = p.currentName().equals("function");
        JsonToken v = p.nextToken();
        if (!function || v != JsonToken.START_OBJECT) {
          p.skipChildren();
          continue;
        }
        String name = "";
        String arguments = "";
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken fv = p.nextToken();
          switch (field) {
            case "name" -> name = text(p, fv);
            case "arguments" -> arguments = text(p, fv);
            default -> p.skipChildren();
          }
        }
        f.tools = join(join(f.tools, name), arguments);
      }
    }
  }

  private static String join(String a, String b) {
    return a.isEmpty() ? b : b.isEmpty() ? a : a + b;
  }

  private static void usage(JsonParser p, JsonToken value, Fields f) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "prompt_tokens" -> f.prompt = integer(p, v);
        case "completion_tokens" -> f.completion = integer(p, v);
        default -> p.skipChildren();
      }
    }
  }

  /** A scalar's text ("" for null); a container is skipped and reads as "", as in the tree path. */
  private static String text(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      p.skipChildren();
      return "";
    }
    return t == JsonToken.VALUE_NULL ? "" : p.getText();
  }

  private static Integer integer(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return p.getNumberType() == JsonParser.NumberType.INT ? p.getIntValue() : null;
    }
    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      double d = p.getDoubleValue();
      return d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE ? (int) d : null;
    }
    p.skipChildren();
    return null;
  }

  /** The tree path: error events (for their message) and payloads that are not JSON objects. */
  static StreamChunk parseTree(String payload) {
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
