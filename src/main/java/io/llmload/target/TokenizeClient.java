package io.llmload.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmload.config.ConfigException;
import io.llmload.config.Endpoint;
import io.llmload.workload.prompt.PromptCounter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The server's tokenizer through vLLM's POST /tokenize: with {@code messages} (chat: the server applies the
 * model's chat template, add_generation_prompt as the chat request does) or {@code prompt} (completions, the
 * system prompt and the text joined as the request joins them). The answer's {@code count} is the prompt's
 * size in tokens. The API key is sent when set (recent vLLM guards /tokenize with it).
 */
public final class TokenizeClient implements PromptCounter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private final String url;
  private final String model;
  private final String apiKey;
  private final Endpoint endpoint;

  public TokenizeClient(String baseUrl, String model, String apiKey, Endpoint endpoint) {
    this.url = baseUrl + "/tokenize";
    this.model = model;
    this.apiKey = apiKey;
    this.endpoint = endpoint;
  }

  @Override
  public int count(String systemPrompt, String userText) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", model);
    if (endpoint == Endpoint.CHAT) {
      var messages = body.putArray("messages");
      messages.addObject().put("role", "system").put("content", systemPrompt);
      messages.addObject().put("role", "user").put("content", userText);
      body.put("add_generation_prompt", true);
    } else {
      body.put("prompt", systemPrompt + "\n\n" + userText);
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new ConfigException("llm.tokenizer=server: POST " + url + " answered HTTP " + response.statusCode() + ": "
            + abbreviate(response.body()) + "; the server must serve vLLM's /tokenize (use -Dllm.tokenizer=cl100k_base)");
      }
      JsonNode count = JSON.readTree(response.body()).get("count");
      if (count == null || !count.canConvertToInt()) {
        throw new ConfigException("llm.tokenizer=server: POST " + url + " answered without a \"count\": "
            + abbreviate(response.body()));
      }
      return count.asInt();
    } catch (IOException e) {
      throw new ConfigException("llm.tokenizer=server: POST " + url + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigException("llm.tokenizer=server: interrupted while asking " + url);
    }
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
