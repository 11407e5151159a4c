package io.llmload.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * A server on 127.0.0.1 that answers /v1/chat/completions the way a broken or hostile server would, for
 * tests of the suite's bounds. It serves /v1/models (one model, "hostile") and /version so the run
 * starts, and /metrics with a chosen number of series. Every response loop ends when the client goes
 * away or after {@link #MAX_RESPONSE_MS}, whichever is first; at most 16 requests are served at once.
 */
public final class HostileServer implements AutoCloseable {
  /** The longest any response of this server lasts. */
  public static final long MAX_RESPONSE_MS = 120_000;
  public static final String MODEL = "hostile";

  /** What POST /v1/chat/completions gets. */
  public enum Behaviour {
    /** 200 text/event-stream, a token event every millisecond, never [DONE]. */
    ENDLESS_TOKENS,
    /** 200 text/event-stream, then only ": keep-alive" comment lines every 50 ms, never an event. */
    KEEPALIVE_FOREVER,
    /**
     * 200 text/event-stream with Content-Encoding gzip although the client asked for identity: 1 MB on
     * the wire that inflate to {@link #BOMB_INFLATED_BYTES} of token events, one line.
     */
    GZIP_BOMB,
    /** HTTP 400 with a JSON error whose message is {@link #HUGE_ERROR_BYTES} long. */
    HUGE_ERROR
  }

  /** What the gzip bomb inflates to. */
  public static final long BOMB_INFLATED_BYTES = 1L << 30;
  /** The size of the huge error message. */
  public static final int HUGE_ERROR_BYTES = 64 << 20;

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(16);
  private final Behaviour behaviour;
  private final int metricSeries;
  private final AtomicInteger chatRequests = new AtomicInteger();
  private volatile boolean closed;
  private byte[] bomb;

  /** @param metricSeries series /metrics serves (0: a small valid body) */
  public HostileServer(Behaviour behaviour, int metricSeries) throws IOException {
    this.behaviour = behaviour;
    this.metricSeries = metricSeries;
    if (behaviour == Behaviour.GZIP_BOMB) {
      bomb = gzipBomb();
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(threads);
    server.createContext("/v1/models", ex -> answer(ex, 200, "application/json",
        "{\"object\":\"list\",\"data\":[{\"id\":\"" + MODEL + "\",\"object\":\"model\",\"max_model_len\":100000}]}"));
    server.createContext("/version", ex -> answer(ex, 200, "application/json", "{\"version\":\"hostile\"}"));
    server.createContext("/metrics", this::metrics);
    server.createContext("/v1/chat/completions", this::chat);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** POSTs to /v1/chat/completions received so far. */
  public int chatRequests() {
    return chatRequests.get();
  }

  private void chat(HttpExchange ex) throws IOException {
    chatRequests.incrementAndGet();
    ex.getRequestBody().readAllBytes();
    long end = System.currentTimeMillis() + MAX_RESPONSE_MS;
    try (ex) {
      switch (behaviour) {
        case ENDLESS_TOKENS -> {
          ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
          ex.sendResponseHeaders(200, 0);
          OutputStream out = ex.getResponseBody();
          for (long i = 0; !closed && System.currentTimeMillis() < end; i++) {
            out.write(tokenEvent(i));
            out.flush();
            sleep(1);
          }
        }
        case KEEPALIVE_FOREVER -> {
          ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
          ex.sendResponseHeaders(200, 0);
          OutputStream out = ex.getResponseBody();
          while (!closed && System.currentTimeMillis() < end) {
            out.write(": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            sleep(50);
          }
        }
        case GZIP_BOMB -> {
          ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
          ex.getResponseHeaders().set("Content-Encoding", "gzip");
          ex.sendResponseHeaders(200, bomb.length);
          ex.getResponseBody().write(bomb);
        }
        case HUGE_ERROR -> {
          byte[] head = "{\"error\":{\"message\":\"".getBytes(StandardCharsets.US_ASCII);
          byte[] tail = "\",\"type\":\"BadRequestError\",\"code\":400}}".getBytes(StandardCharsets.US_ASCII);
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(400, head.length + (long) HUGE_ERROR_BYTES + tail.length);
          OutputStream out = ex.getResponseBody();
          out.write(head);
          byte[] chunk = new byte[64 * 1024];
          Arrays.fill(chunk, (byte) 'x');
          for (int sent = 0; sent < HUGE_ERROR_BYTES && !closed; sent += chunk.length) {
            out.write(chunk);
          }
          out.write(tail);
        }
        default -> throw new IllegalStateException(behaviour.toString());
      }
    } catch (IOException e) {
      // the client went away: the response ends here
    }
  }

  private void metrics(HttpExchange ex) throws IOException {
    ex.getRequestBody().readAllBytes();
    try (ex) {
      ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      out.write("# TYPE vllm:num_requests_running gauge\nvllm:num_requests_running{model_name=\"hostile\"} 1\n"
          .getBytes(StandardCharsets.US_ASCII));
      StringBuilder lines = new StringBuilder();
      for (int i = 0; i < metricSeries && !closed; i++) {
        lines.append("hostile_series{id=\"").append(i).append("\"} ").append(i).append('\n');
        if (lines.length() > 60_000) {
          out.write(lines.toString().getBytes(StandardCharsets.US_ASCII));
          lines.setLength(0);
        }
      }
      out.write(lines.toString().getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      // the client stopped reading
    }
  }

  private static byte[] tokenEvent(long i) {
    return ("data: {\"id\":\"chatcmpl-hostile\",\"object\":\"chat.completion.chunk\",\"model\":\"" + MODEL
        + "\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" w" + (i % 10) + "\"},\"finish_reason\":null}]}\n\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** {@link #BOMB_INFLATED_BYTES} of one token event's JSON repeated without a line end, gzipped. */
  private static byte[] gzipBomb() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] block = new byte[1 << 20];
    byte[] start = "data: {\"choices\":[{\"delta\":{\"content\":\"".getBytes(StandardCharsets.US_ASCII);
    Arrays.fill(block, (byte) 'a');
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes, 1 << 16)) {
      gz.write(start);
      for (long written = 0; written < BOMB_INFLATED_BYTES; written += block.length) {
        gz.write(block);
      }
    }
    return bytes.toByteArray();
  }

  private static void answer(HttpExchange ex, int status, String type, String body) throws IOException {
    ex.getRequestBody().readAllBytes();
    try (ex) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      ex.sendResponseHeaders(status, bytes.length);
      ex.getResponseBody().write(bytes);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    server.stop(0);
    threads.shutdownNow();
    threads.awaitTermination(10, TimeUnit.SECONDS);
  }
}
