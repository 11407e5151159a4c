package io.llmload.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmload.config.ConfigException;
import io.llmload.config.LlmConfig;
import io.llmload.config.TokenRange;
import io.llmload.metrics.ServerText;
import io.llmload.servermetrics.BoundedBody;
import io.llmload.workload.JourneyKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks the server what it serves before any load is sent: /v1/models (and so whether it is reachable
 * at all, and whether the API key is accepted) and /version. Uses its own small HTTP client; these few
 * requests are not part of the measured load.
 */
public final class ServerProbe {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A generous allowance for the system prompt, the instruction and the chat template. */
  static final int PROMPT_OVERHEAD_TOKENS = 64;
  /** The most of a /v1/models or /version body read (a model list of thousands of ids fits). */
  static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

  private final String baseUrl;
  private final String apiKey;
  /** Never follows a redirect: the key goes to the target's server only. */
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
      .followRedirects(HttpClient.Redirect.NEVER).build();

  public ServerProbe(String baseUrl, String apiKey) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
  }

  /** The served model ids; a ConfigException naming llm.baseUrl / llm.apiKey when the server cannot be asked. */
  public List<String> models() {
    return new ArrayList<>(servedModels().keySet());
  }

  /** Model id → max_model_len (null when the server does not say). */
  public Map<String, Integer> servedModels() {
    HttpResponse<String> response;
    try {
      response = get("/v1/models", true);
    } catch (IOException e) {
      throw new ConfigException("llm.baseUrl=" + baseUrl + " is unreachable (" + describe(e) + "); start the server"
          + " or fix -Dllm.baseUrl (leave it unset to use the embedded simulator)");
    }
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      throw new ConfigException("the server at llm.baseUrl=" + baseUrl + " refused the API key (HTTP "
          + response.statusCode() + "); set LLM_API_KEY (or OPENAI_API_KEY, or -Dllm.apiKey) to a key it accepts");
    }
    if (response.statusCode() != 200) {
      throw new ConfigException("GET " + baseUrl + "/v1/models answered HTTP " + response.statusCode()
          + "; is llm.baseUrl the root of an OpenAI-compatible server (e.g. http://host:8000)?");
    }
    Map<String, Integer> ids = new LinkedHashMap<>();
    try {
      for (JsonNode model : JSON.readTree(response.body()).path("data")) {
        JsonNode max = model.get("max_model_len");
        ids.put(model.path("id").asText(), max != null && max.canConvertToInt() ? max.asInt() : null);
      }
    } catch (IOException e) {
      throw new ConfigException("GET " + baseUrl + "/v1/models did not answer JSON; is llm.baseUrl an OpenAI-compatible server?");
    }
    return ids;
  }

  /** The model to use: the one asked for if served, else the only one served. */
  public String resolveModel(String requested) {
    List<String> served = models();
    if (requested != null) {
      if (!served.isEmpty() && !served.contains(requested)) {
        throw new ConfigException("llm.model=" + requested + " is not served by " + baseUrl + "; it serves "
            + ServerText.clean(served.toString()) + "; set -Dllm.model to one of them");
      }
      return requested;
    }
    if (served.size() == 1) {
      return served.get(0);
    }
    throw new ConfigException(served.isEmpty()
        ? baseUrl + "/v1/models lists no model; set -Dllm.model"
        : baseUrl + " serves several models " + ServerText.clean(served.toString()) + "; choose one with -Dllm.model=<id>");
  }

  /**
   * Stops before any load when the largest request of the workload cannot fit the model's context:
   * vLLM would answer every such call with HTTP 400.
   */
  public void checkContextLength(String model, LlmConfig config, JourneyKind kind) {
    Integer maxModelLen = servedModels().get(model);
    if (maxModelLen == null) {
      return;
    }
    int overhead = PROMPT_OVERHEAD_TOKENS;
    if (kind == JourneyKind.CONVERSATION) {
      return; // sized by the dataset's filters (llm.dataset.maxInputTokens / maxOutputTokens)
    }
    if (kind != JourneyKind.AGENT) {
      int heavy = config.heavyInput().max() + config.heavyOutput().max() + overhead;
      if (heavy > maxModelLen) {
        throw new ConfigException("llm.input.max (" + config.heavyInput().max() + ") + llm.output.max ("
            + config.heavyOutput().max() + ") + ~" + overhead + " tokens of system prompt and template = " + heavy
            + " tokens, above max_model_len " + maxModelLen + " of " + model + "; lower -Dllm.input.max / -Dllm.output.max"
            + " or start vLLM with a larger --max-model-len");
      }
    }
    if (kind != JourneyKind.SINGLE) {
      int history = 0;
      for (int step = 1; step <= config.agentSteps(); step++) {
        TokenRange in = config.agentInput().get(step - 1);
        TokenRange out = config.agentOutput().get(step - 1);
        int need = history + in.max() + out.max() + overhead;
        if (need > maxModelLen) {
          throw new ConfigException("agent step " + step + " may need " + need + " tokens (llm.agent.input / llm.agent.output"
              + (config.agentChain() ? " with the history of llm.agentChain=true" : "") + "), above max_model_len "
              + maxModelLen + " of " + model + "; lower the step ranges" + (config.agentChain() ? " or set -Dllm.agentChain=false" : ""));
        }
        if (config.agentChain()) {
          history += in.max() + out.max() + 8;
        }
      }
    }
  }

  /** vLLM's /version, or null when the server has none. */
  public String version() {
    try {
      HttpResponse<String> response = get("/version", false);
      return response.statusCode() == 200 ? JSON.readTree(response.body()).path("version").asText(null) : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private HttpResponse<String> get(String path, boolean authorized) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30)).GET();
    if (authorized && apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    try {
      return client.send(request.build(), BoundedBody.ofString(MAX_BODY_BYTES));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
