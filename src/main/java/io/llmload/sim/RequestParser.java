package io.llmload.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns a request body into a {@link ParsedRequest} or throws the {@link ApiError} vLLM would answer.
 *
 * <p>Prompt token rule (chat): the cl100k_base ids of every message's content, in order (a string content, or
 * the "text" of every {"type":"text"} part), plus sim.messageOverheadTokens per message (default 0), so by
 * default usage.prompt_tokens = the sum of jtokkit counts of the message contents. Completions: the prompt
 * string's ids, or the token-id array as given.
 */
final class RequestParser {
  /** Stand-in id for chat-template overhead tokens (cl100k's &lt;|endoftext|&gt;). */
  static final int TEMPLATE_TOKEN_ID = 100257;
  static final ObjectMapper MAPPER = new ObjectMapper();

  private final SimConfig cfg;

  RequestParser(SimConfig cfg) {
    this.cfg = cfg;
  }

  ParsedRequest parse(boolean chat, String body) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest("Invalid JSON body: " + e.getOriginalMessage(), null);
    }
    if (root == null || !root.isObject()) {
      throw ApiError.badRequest("The request body must be a JSON object.", null);
    }
    String model = cfg.model();
    JsonNode m = root.get("model");
    if (m != null && !m.isNull()) {
      if (!m.isTextual()) throw ApiError.badRequest("'model' must be a string.", "model");
      if (!m.asText().equals(cfg.model())) throw ApiError.modelNotFound(m.asText());
    }
    int[] prompt = chat ? chatPrompt(root) : completionPrompt(root);
    boolean stream = bool(root, "stream");
    JsonNode so = root.get("stream_options");
    boolean includeUsage = false;
    boolean continuousUsage = false;
    if (so != null && !so.isNull()) {
      if (!stream) throw ApiError.badRequest("Stream options can only be defined when `stream=True`.", "stream_options");
      if (!so.isObject()) throw ApiError.badRequest("'stream_options' must be an object.", "stream_options");
      includeUsage = bool(so, "include_usage");
      continuousUsage = bool(so, "continuous_usage_stats");
    }
    Integer maxTokens = optInt(root, "max_tokens");
    Integer maxCompletion = optInt(root, "max_completion_tokens");
    if (maxCompletion != null) maxTokens = maxCompletion;
    if (maxTokens != null && maxTokens < 1) {
      throw ApiError.badRequest("max_tokens must be at least 1, got " + maxTokens + ".", "max_tokens");
    }
    Integer minTokens = optInt(root, "min_tokens");
    int min = minTokens == null ? 0 : minTokens;
    if (min < 0) throw ApiError.badRequest("min_tokens must be greater than or equal to 0, got " + min + ".", "min_tokens");
    if (maxTokens != null && min > maxTokens) {
      throw ApiError.badRequest("min_tokens must be less than or equal to max_tokens=" + maxTokens + ", got " + min + ".", "min_tokens");
    }
    Integer n = optInt(root, "n");
    if (n != null && n != 1) throw ApiError.badRequest("The simulator supports n=1 only, got n=" + n + ".", "n");
    boolean ignoreEos = bool(root, "ignore_eos");
    int input = prompt.length;
    // in long: input + max_tokens overflows int for max_tokens near 2^31, and every later allocation is sized by it
    if (input >= cfg.maxModelLen() || (maxTokens != null && (long) input + maxTokens > cfg.maxModelLen())) {
      throw ApiError.contextTooLong(cfg.maxModelLen(), input, maxTokens);
    }
    if ((long) input + min > cfg.maxModelLen()) {
      throw ApiError.badRequest("min_tokens=" + min + " with " + input + " input tokens exceeds the maximum context"
          + " length " + cfg.maxModelLen() + ".", "min_tokens");
    }
    return new ParsedRequest(chat, model, stream, includeUsage, continuousUsage, prompt, maxTokens, min, ignoreEos);
  }

  private int[] chatPrompt(JsonNode root) {
    JsonNode messages = root.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw ApiError.badRequest("'messages' must be a non-empty array.", "messages");
    }
    IntList ids = new IntList();
    for (JsonNode msg : messages) {
      if (!msg.isObject() || !msg.path("role").isTextual()) {
        throw ApiError.badRequest("Each message must be an object with a string 'role'.", "messages");
      }
      for (int i = 0; i < cfg.messageOverheadTokens(); i++) ids.add(TEMPLATE_TOKEN_ID);
      JsonNode content = msg.get("content");
      if (content == null || content.isNull()) continue;
      if (content.isTextual()) {
        ids.addAll(Tokenizer.encode(content.asText()));
      } else if (content.isArray()) {
        for (JsonNode part : content) {
          if ("text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
            ids.addAll(Tokenizer.encode(part.get("text").asText()));
          } else {
            throw ApiError.badRequest("The simulator accepts only text content parts.", "messages");
          }
        }
      } else {
        throw ApiError.badRequest("Message 'content' must be a string, an array of parts or null.", "messages");
      }
    }
    return ids.toArray();
  }

  private static int[] completionPrompt(JsonNode root) {
    JsonNode p = root.get("prompt");
    if (p == null || p.isNull()) throw ApiError.badRequest("'prompt' is required.", "prompt");
    if (p.isTextual()) return Tokenizer.encode(p.asText());
    if (p.isArray() && p.size() > 0 && p.get(0).isInt()) {
      int[] ids = new int[p.size()];
      for (int i = 0; i < ids.length; i++) {
        if (!p.get(i).isInt()) throw ApiError.badRequest("'prompt' token ids must be integers.", "prompt");
        ids[i] = p.get(i).asInt();
      }
      return ids;
    }
    if (p.isArray() && p.size() == 1 && p.get(0).isTextual()) return Tokenizer.encode(p.get(0).asText());
    throw ApiError.badRequest("'prompt' must be a string, a one-element array of strings or an array of token ids.", "prompt");
  }

  static boolean bool(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return false;
    if (!v.isBoolean()) throw ApiError.badRequest("'" + field + "' must be a boolean.", field);
    return v.asBoolean();
  }

  static Integer optInt(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isIntegralNumber() || !v.canConvertToInt()) throw ApiError.badRequest("'" + field + "' must be an integer.", field);
    return v.asInt();
  }

  /** Growable int array (prompts can be long; avoids boxing). */
  static final class IntList {
    private int[] a = new int[64];
    private int n;

    void add(int v) {
      if (n == a.length) a = java.util.Arrays.copyOf(a, n * 2);
      a[n++] = v;
    }

    void addAll(int[] vs) {
      if (n + vs.length > a.length) a = java.util.Arrays.copyOf(a, Math.max(a.length * 2, n + vs.length));
      System.arraycopy(vs, 0, a, n, vs.length);
      n += vs.length;
    }

    int[] toArray() {
      return java.util.Arrays.copyOf(a, n);
    }
  }
}
