package io.llmload.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmload.metrics.ServerText;
import io.llmload.servermetrics.BoundedBody;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Finds out why the server refused a call. Gatling's SSE client drops the body of a non-200 answer,
 * so for the statuses vLLM answers before doing any work (400, 401, 403, 404, 422) the same request is
 * sent once more with a plain HTTP client and the JSON error's message is read. At most
 * {@link #MAX_PROBES_PER_STATUS} such replays per status and run; later calls with that status reuse
 * the last message. 429 and 5xx are never replayed: they may mean an overloaded server.
 *
 * <p>The replays run on the recorder's thread, which must finish writing within 60 s of the run's end, so
 * they share one time budget per run ({@link #DEFAULT_BUDGET}, each replay at most {@link #DEFAULT_PER_REPLAY}):
 * a server that answers slowly or drips its error body costs at most the budget, then no call is replayed.
 */
public final class ErrorExplainer {
  static final int MAX_PROBES_PER_STATUS = 3;
  /** The most of an error body read; vLLM's are well under 1 KB. */
  static final int MAX_BODY_BYTES = 64 * 1024;
  /** Time all replays of a run may take together. */
  static final Duration DEFAULT_BUDGET = Duration.ofSeconds(20);
  /** Time one replay may take, its body included; vLLM answers a refusal in milliseconds. */
  static final Duration DEFAULT_PER_REPLAY = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String url;
  private final String apiKey;
  /** Never follows a redirect: the key goes to the target's server only. */
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private final Map<Integer, AtomicInteger> probes = new ConcurrentHashMap<>();
  private final Map<Integer, String> lastMessage = new ConcurrentHashMap<>();
  private final long budgetNanos;
  private final long perReplayNanos;
  private final AtomicLong spentNanos = new AtomicLong();

  public ErrorExplainer(String url, String apiKey) {
    this(url, apiKey, DEFAULT_BUDGET, DEFAULT_PER_REPLAY);
  }

  ErrorExplainer(String url, String apiKey, Duration budget, Duration perReplay) {
    this.url = url;
    this.apiKey = apiKey;
    this.budgetNanos = budget.toNanos();
    this.perReplayNanos = perReplay.toNanos();
  }

  static boolean replayable(int status) {
    return status == 400 || status == 401 || status == 403 || status == 404 || status == 422;
  }

  /** The server's message for this refused request, or null. Blocking: call it off Gatling's event loops. */
  public String explain(int status, String body) {
    if (!replayable(status) || body == null) {
      return null;
    }
    long remaining = budgetNanos - spentNanos.get();
    if (remaining <= 0
        || probes.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet() > MAX_PROBES_PER_STATUS) {
      String last = lastMessage.get(status);
      return last == null ? null : last + " (as for an earlier call with this status)";
    }
    long started = System.nanoTime();
    CompletableFuture<HttpResponse<BoundedBody>> exchange = null;
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
      if (apiKey != null) {
        request.header("Authorization", "Bearer " + apiKey);
      }
      exchange = client.sendAsync(request.build(), BoundedBody.handler(MAX_BODY_BYTES));
      HttpResponse<BoundedBody> response = exchange.get(Math.min(remaining, perReplayNanos), TimeUnit.NANOSECONDS);
      if (response.statusCode() != status) {
        return null;
      }
      String message = response.body().truncated()
          ? "(the error body exceeds " + MAX_BODY_BYTES + " bytes; not read)"
          : message(response.body().text());
      if (message != null) {
        lastMessage.put(status, message);
      }
      return message;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (exchange != null) {
        exchange.cancel(true); // a timed-out exchange is aborted, its connection closed
      }
      return null;
    } finally {
      spentNanos.addAndGet(System.nanoTime() - started);
    }
  }

  /** vLLM's {"error":{"message":…}}, the older flat {"message":…}, or {"error":"Unauthorized"}. */
  static String message(String body) {
    try {
      JsonNode root = JSON.readTree(body);
      JsonNode error = root.path("error");
      if (error.isTextual()) {
        return ServerText.line(error.asText(), ServerText.MAX_CHARS);
      }
      String m = error.path("message").asText(root.path("message").asText(""));
      return m.isEmpty() ? null : ServerText.line(m, ServerText.MAX_CHARS);
    } catch (Exception e) {
      return null;
    }
  }
}
