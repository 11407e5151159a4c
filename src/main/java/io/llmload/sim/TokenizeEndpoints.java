package io.llmload.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * POST /tokenize and /detokenize with cl100k_base, shaped like vLLM's: the chat form counts the messages as a
 * chat request's usage.prompt_tokens does (sim.messageOverheadTokens per message standing in for the chat
 * template), so a client that sizes prompts with /tokenize gets the count the completion will report.
 */
final class TokenizeEndpoints {
  private TokenizeEndpoints() {}

  static String tokenize(SimState sim, String body) {
    JsonNode root = read(body);
    int[] ids;
    if (root.has("messages")) {
      boolean generationPrompt = !root.has("add_generation_prompt") || RequestParser.bool(root, "add_generation_prompt");
      if (generationPrompt && RequestParser.bool(root, "continue_final_message")) {
        throw ApiError.badRequest("Cannot set both `continue_final_message` and `add_generation_prompt` to True.",
            "continue_final_message");
      }
      ids = sim.parser.parse(true, body).promptTokenIds();
    } else if (root.path("prompt").isTextual()) {
      if (root.hasNonNull("model") && !root.get("model").asText().equals(sim.cfg.model())) {
        throw ApiError.modelNotFound(root.get("model").asText());
      }
      ids = Tokenizer.encode(root.get("prompt").asText());
    } else {
      throw ApiError.badRequest("Either 'prompt' (string) or 'messages' is required.", "prompt");
    }
    ObjectNode out = RequestParser.MAPPER.createObjectNode();
    out.put("count", ids.length);
    out.put("max_model_len", sim.cfg.maxModelLen());
    var arr = out.putArray("tokens");
    for (int id : ids) arr.add(id);
    if (RequestParser.bool(root, "return_token_strs")) {
      var strs = out.putArray("token_strs");
      for (int id : ids) strs.add(id == RequestParser.TEMPLATE_TOKEN_ID ? "<|endoftext|>" : Tokenizer.decode(new int[] {id}));
    } else {
      out.putNull("token_strs");
    }
    return out.toString();
  }

  static String detokenize(String body) {
    JsonNode tokens = read(body).get("tokens");
    if (tokens == null || !tokens.isArray()) throw ApiError.badRequest("'tokens' must be an array of integers.", "tokens");
    int[] ids = new int[tokens.size()];
    for (int i = 0; i < ids.length; i++) {
      if (!tokens.get(i).isInt()) throw ApiError.badRequest("'tokens' must be an array of integers.", "tokens");
      ids[i] = tokens.get(i).asInt();
    }
    String text;
    try {
      text = Tokenizer.decode(ids);
    } catch (RuntimeException e) {
      throw ApiError.badRequest("Token id out of vocabulary: " + e.getMessage(), "tokens");
    }
    ObjectNode out = RequestParser.MAPPER.createObjectNode();
    out.put("prompt", text);
    return out.toString();
  }

  private static JsonNode read(String body) {
    try {
      JsonNode n = RequestParser.MAPPER.readTree(body);
      if (n == null || !n.isObject()) throw ApiError.badRequest("The request body must be a JSON object.", null);
      return n;
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest("Invalid JSON body: " + e.getOriginalMessage(), null);
    }
  }
}
