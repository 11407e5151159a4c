package io.llmload.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The lean reference client: the same streamed chat calls as the suite's heavy calls, with plain
 * java.net.http (HTTP/1.1, its keep-alive pool) and nothing else, stamping as the suite does: start = the
 * moment the call is handed to the client (System.nanoTime() just before sendAsync), first token = arrival of
 * the first {@code data:} line that carries content, reasoning or tool calls. It shows what this machine can do
 * without Gatling, so a benchmark can put the suite's overhead beside it.
 *
 * <p>Calls are sent at the seed's even arrivals (call i at i × spread / users) on one timer thread; bodies are
 * built before the load. With {@code warmConcurrent} &gt; 0, that many small calls run at once first (they
 * overlap, so each opens a connection), so the measured calls find warm keep-alive connections and compiled code.
 */
final class LeanClient {
  private static final String[] WORDS = {" the", " data", " system", " report", " market", " value", " team", " plan",
      " model", " policy", " risk", " cost", " time", " user", " service", " network", " quality", " process"};

  /** One call's stamps (System.nanoTime()); firstTokenNanos and endNanos are -1 when not reached. */
  record Call(long startNanos, long firstTokenNanos, long endNanos, int tokenEvents, String responseId, boolean ok,
              String error) {}

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final URI chat;
  private final String model;

  LeanClient(String baseUrl, String model) {
    this.chat = URI.create(baseUrl + "/v1/chat/completions");
    this.model = model;
  }

  /** A chat body with a user prompt of {@code inputTokens} words (about as many tokens) and a forced output length. */
  String body(int inputTokens, int outputTokens, Random random) {
    StringBuilder prompt = new StringBuilder(inputTokens * 8);
    for (int i = 0; i < inputTokens; i++) {
      prompt.append(WORDS[random.nextInt(WORDS.length)]);
    }
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt
        + "\"}],\"max_tokens\":" + outputTokens + ",\"min_tokens\":" + outputTokens
        + ",\"ignore_eos\":true,\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
  }

  /** Runs {@code bodies} at even arrivals over {@code spreadSeconds}; every call bounded by {@code timeoutSeconds}. */
  List<Call> run(List<String> bodies, double spreadSeconds, double timeoutSeconds) {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lean-arrivals");
      t.setDaemon(true);
      return t;
    });
    try {
      List<CompletableFuture<Call>> calls = new ArrayList<>();
      long t0 = System.nanoTime() + 50_000_000L;
      for (int i = 0; i < bodies.size(); i++) {
        String body = bodies.get(i);
        long due = t0 + (long) (i * spreadSeconds * 1e9 / bodies.size());
        CompletableFuture<Call> call = new CompletableFuture<>();
        timer.schedule(() -> send(body, timeoutSeconds).whenComplete((c, e) -> call.complete(c != null ? c
            : new Call(-1, -1, -1, 0, null, false, String.valueOf(e)))), due - System.nanoTime(), TimeUnit.NANOSECONDS);
        calls.add(call);
      }
      List<Call> out = new ArrayList<>();
      for (CompletableFuture<Call> c : calls) {
        out.add(c.join());
      }
      return out;
    } finally {
      timer.shutdownNow();
    }
  }

  /** Sends {@code n} small calls at once (so each opens a connection) and waits for all. */
  void warm(int n, double timeoutSeconds) {
    Random random = new Random(1);
    List<CompletableFuture<Call>> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      calls.add(send(body(64, 16, random), timeoutSeconds));
    }
    calls.forEach(CompletableFuture::join);
  }

  CompletableFuture<Call> send(String body, double timeoutSeconds) {
    Lines lines = new Lines();
    lines.startNanos = System.nanoTime();
    HttpRequest request = HttpRequest.newBuilder(chat).timeout(Duration.ofMillis((long) (timeoutSeconds * 1000)))
        .header("Content-Type", "application/json").header("Accept", "text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(lines))
        .orTimeout((long) (timeoutSeconds * 1000), TimeUnit.MILLISECONDS)
        .thenCompose(response -> lines.done.thenApply(v -> response.statusCode()))
        .handle((status, error) -> new Call(lines.startNanos, lines.firstTokenNanos, lines.endNanos, lines.tokenEvents,
            lines.responseId, error == null && status == 200 && lines.endNanos > 0,
            error != null ? error.toString() : status != 200 ? "HTTP " + status : null));
  }

  /** Reads the event stream line by line, stamping each line on arrival. */
  private static final class Lines implements Flow.Subscriber<String> {
    final CompletableFuture<Void> done = new CompletableFuture<>();
    volatile long startNanos;
    volatile long firstTokenNanos = -1;
    volatile long endNanos = -1;
    volatile int tokenEvents;
    volatile String responseId;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      long now = System.nanoTime();
      if (!line.startsWith("data:")) {
        return;
      }
      if (line.startsWith("data: [DONE]")) {
        endNanos = now;
        return;
      }
      if (responseId == null) {
        int at = line.indexOf("\"id\":\"");
        if (at >= 0) {
          responseId = line.substring(at + 6, line.indexOf('"', at + 6));
        }
      }
      if (carriesToken(line)) {
        if (firstTokenNanos < 0) {
          firstTokenNanos = now;
        }
        tokenEvents++;
      }
    }

    /** A delta with non-empty content, reasoning or tool calls (a role-only or usage chunk carries none). */
    private static boolean carriesToken(String line) {
      for (String field : new String[] {"\"content\":\"", "\"reasoning_content\":\"", "\"reasoning\":\""}) {
        int at = line.indexOf(field);
        if (at >= 0 && line.length() > at + field.length() && line.charAt(at + field.length()) != '"') {
          return true;
        }
      }
      return line.contains("\"tool_calls\":[");
    }

    @Override
    public void onError(Throwable throwable) {
      done.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      done.complete(null);
    }
  }

  /** Writes the calls as CSV: start_ns,first_token_ns,end_ns,token_events,response_id,ok,error. */
  static void write(List<Call> calls, Path file) {
    StringBuilder sb = new StringBuilder("start_ns,first_token_ns,end_ns,token_events,response_id,ok,error\n");
    for (Call c : calls) {
      sb.append(String.format(Locale.ROOT, "%d,%d,%d,%d,%s,%s,%s%n", c.startNanos(), c.firstTokenNanos(), c.endNanos(),
          c.tokenEvents(), c.responseId() == null ? "" : c.responseId(), c.ok(),
          c.error() == null ? "" : c.error().replaceAll("[,\\r\\n]", " ")));
    }
    try {
      Files.writeString(file, sb);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
