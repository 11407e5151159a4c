package io.llmload.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A plain JDK HTTP client for the wire tests (loopback only, bounded timeouts). */
final class TestHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  final String base;

  TestHttp(VllmSimulator sim) {
    this.base = sim.baseUrl();
  }

  HttpResponse<String> post(String path, String body, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET();
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** POSTs and returns the response with its body as lines, streamed as they arrive. */
  HttpResponse<Stream<String>> stream(String path, String body) throws IOException, InterruptedException {
    HttpRequest r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").header("Accept", "text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return client.send(r, HttpResponse.BodyHandlers.ofLines());
  }

  /** The `data:` payloads of an SSE body, in order ("[DONE]" included). */
  static List<String> dataPayloads(String sseBody) {
    List<String> out = new ArrayList<>();
    for (String line : sseBody.split("\n")) {
      if (line.startsWith("data: ")) out.add(line.substring(6));
    }
    return out;
  }

  static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + s, e);
    }
  }
}
