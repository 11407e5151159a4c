package io.llmload.workload;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmload.config.Endpoint;
import io.llmload.config.LlmConfig;
import io.llmload.workload.dataset.Message;
import java.util.List;

/** The JSON bodies the suite sends; every call streams and asks for usage. */
public final class RequestBodies {
  public static final String SYSTEM_PROMPT = "You are a precise enterprise assistant. Return factual, concise answers"
      + " with clear structure. Cite sources if explicitly requested.";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LlmConfig config;
  private final String model;

  public RequestBodies(LlmConfig config, String model) {
    this.config = config;
    this.model = model;
  }

  /**
   * @param history earlier agent turns to send first (empty unless llm.agentChain=true)
   */
  public String body(String prompt, int maxTokens, AgentHistory history) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", model);
    if (config.endpoint() == Endpoint.CHAT) {
      ArrayNode messages = body.putArray("messages");
      messages.addObject().put("role", "system").put("content", SYSTEM_PROMPT);
      for (AgentHistory.Turn turn : history.turns()) {
        messages.addObject().put("role", "user").put("content", turn.prompt());
        messages.addObject().put("role", "assistant").put("content", turn.answer());
      }
      messages.addObject().put("role", "user").put("content", prompt);
    } else {
      StringBuilder text = new StringBuilder(SYSTEM_PROMPT).append("\n\n");
      for (AgentHistory.Turn turn : history.turns()) {
        text.append(turn.prompt()).append("\n\n").append(turn.answer()).append("\n\n");
      }
      body.put("prompt", text.append(prompt).toString());
    }
    return finish(body, maxTokens, config.forceOutputLength());
  }

  /**
   * A conversation turn: the recorded messages as they are (no system prompt: datasets have none), the
   * output forced to {@code maxTokens} when {@code force}.
   */
  public String conversationBody(List<Message> messages, int maxTokens, boolean force) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", model);
    if (config.endpoint() == Endpoint.CHAT) {
      ArrayNode array = body.putArray("messages");
      for (Message m : messages) {
        array.addObject().put("role", m.role()).put("content", m.text());
      }
    } else {
      StringBuilder text = new StringBuilder();
      for (Message m : messages) {
        text.append(text.length() == 0 ? "" : "\n\n").append(m.text());
      }
      body.put("prompt", text.toString());
    }
    return finish(body, maxTokens, force);
  }

  private String finish(ObjectNode body, int maxTokens, boolean force) {
    body.put("max_tokens", maxTokens);
    body.put("temperature", config.temperature());
    body.put("top_p", config.topP());
    body.put("stream", true);
    body.putObject("stream_options").put("include_usage", true);
    if (force) {
      body.put("ignore_eos", true);
      body.put("min_tokens", maxTokens);
    }
    return body.toString();
  }
}
