package io.llmload.cli;

import io.llmload.matrix.MatrixSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a server to be ready: GET /health answers 200 (vLLM's engine is up), then GET /v1/models answers 200
 * (the API server serves the model), polled every interval until the timeout; gives up at once when the server's
 * process has exited. Each request waits at most 5 s; the number of polls is bounded by timeout / interval + 2.
 */
final class ServerReadiness {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER).build();

  private ServerReadiness() {
  }

  /** null when ready, else why not (the last answer or error, and which check). */
  static String await(String baseUrl, String apiKey, MatrixSpec.Readiness readiness, BooleanSupplier alive) {
    long deadline = System.nanoTime() + (long) (readiness.timeoutS() * 1e9);
    long maxPolls = (long) (readiness.timeoutS() * 1000 / readiness.intervalMs()) + 2;
    String last = "no answer yet";
    String[] paths = {"/health", "/v1/models"};
    int stage = 0;
    for (long poll = 0; poll < maxPolls && stage < paths.length; poll++) {
      if (!alive.getAsBoolean()) {
        return "the server process exited before it was ready (" + paths[stage] + ": " + last + ")";
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + paths[stage]))
            .timeout(Duration.ofMillis(Math.max(100, Math.min(5000, left / 1_000_000)))).GET();
        if (apiKey != null && paths[stage].startsWith("/v1/")) {
          b.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<Void> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          stage++;
          continue;
        }
        last = "HTTP " + r.statusCode();
      } catch (IOException e) {
        last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
      try {
        Thread.sleep(Math.max(0, Math.min(readiness.intervalMs(), (deadline - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
    }
    if (stage >= paths.length) {
      return null;
    }
    return "not ready within " + io.llmload.metrics.Numbers.plain(readiness.timeoutS()) + " s (GET " + paths[stage]
        + ": " + last + ")";
  }
}
