package io.llmload.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.run.CallRow;
import io.llmload.sim.RequestRecord;
import io.llmload.sim.SimConfig;
import io.llmload.sim.SimMode;
import io.llmload.sim.VllmSimulator;
import io.llmload.simulations.SmokeSimulation;
import io.llmload.testing.CallsFile;
import io.llmload.testing.GatlingRunner;
import io.llmload.testing.Slow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Gatling internals this project relies on, checked against the real Gatling: the captured clock
 * stamps calls in epoch milliseconds, the stats engine takes our TTFT/E2E entries into Gatling's own
 * HTML report, and the SSE connect entry is named so nobody takes it for TTFT. (Stream-state reading
 * is exercised by FaultHandlingTest: cut, stalled and errored streams.)
 */
@Slow
class GatlingInternalsTest {
  @Test
  void clockAndStatsEngineReachGatlingsReport(@TempDir Path tmp) throws IOException {
    try (VllmSimulator server = VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).ttftMs(20).itlMs(2).port(0).build())) {
      long before = System.currentTimeMillis();
      int exit = GatlingRunner.run(SmokeSimulation.class, Map.of("llm.baseUrl", server.baseUrl(), "llm.users", "4",
          "llm.outputDir", tmp.resolve("runs").toString(), "llm.metricsUrl", "off"), tmp.resolve("gatling"), true);
      long after = System.currentTimeMillis();
      assertThat(exit).isZero();

      List<Map<String, String>> calls = CallsFile.read(CallsFile.onlyRunDir(tmp.resolve("runs")).resolve("llm-calls.csv"));
      assertThat(calls).isNotEmpty().allSatisfy(c -> assertThat(Long.parseLong(c.get("start_ms"))).isBetween(before, after));

      String report;
      try (Stream<Path> files = Files.walk(tmp.resolve("gatling"))) {
        report = files.filter(p -> p.toString().endsWith(".js") || p.toString().endsWith(".html"))
            .map(GatlingInternalsTest::read).reduce("", String::concat);
      }
      assertThat(report).contains("heavy TTFT").contains("heavy E2E").contains("heavy headers (not TTFT)")
          .contains("agent 1 plan TTFT").contains("agent 5 finalize E2E").contains("warmup TTFT");
    }
  }

  /**
   * The write stamp: every ok call has one; its send delay is at least 0 and at most its TTFT; sent_ms lies on
   * Gatling's clock (sent − start within a millisecond of the send delay, start being whole ms); and the
   * simulator, in this JVM, saw the whole request after the client flushed it (same nanoTime clock), never
   * before, and within a bound (measured on this 2-core box at load average 6: min 0.31, p50 0.81, max 13.2 ms;
   * bounded at 250 ms so a loaded machine's scheduling stalls do not fail it).
   */
  @Test
  void requestWriteIsStampedBeforeTheServerSeesIt(@TempDir Path tmp) {
    try (VllmSimulator server = VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).ttftMs(30).itlMs(2).port(0).build())) {
      int exit = GatlingRunner.run(SmokeSimulation.class, Map.of("llm.baseUrl", server.baseUrl(), "llm.users", "12",
          "llm.rampSeconds", "1", "llm.outputDir", tmp.resolve("runs").toString(), "llm.metricsUrl", "off"),
          tmp.resolve("gatling"), false);
      assertThat(exit).isZero();
      List<CallRow> calls = CallsFile.calls(CallsFile.onlyRunDir(tmp.resolve("runs")));
      assertThat(calls).hasSizeGreaterThanOrEqualTo(12).allSatisfy(c -> {
        assertThat(c.ok()).isTrue();
        assertThat(c.sentMs()).isNotNull();
        assertThat(c.sendDelayMs()).isNotNull().isGreaterThanOrEqualTo(0.0).isLessThanOrEqualTo(c.ttftMs());
        assertThat(c.sentMs() - c.startMs()).isBetween(c.sendDelayMs() - 1.001, c.sendDelayMs() + 1.001);
      });
      double[] lead = new double[calls.size()];
      for (int i = 0; i < calls.size(); i++) {
        CallRow c = calls.get(i);
        RequestRecord seen = server.requestLog().find(c.responseId()).orElseThrow();
        lead[i] = GatlingInternals.millisAt(seen.arrivalNanos()) - c.sentMs();
      }
      java.util.Arrays.sort(lead);
      System.out.printf(java.util.Locale.ROOT, "server saw the request after sent_ms by: min %.3f, p50 %.3f, max %.3f ms%n",
          lead[0], lead[lead.length / 2], lead[lead.length - 1]);
      assertThat(lead[0]).isGreaterThanOrEqualTo(0.0);
      assertThat(lead[lead.length - 1]).isLessThan(250.0);
      long now = GatlingInternals.nowMillis();
      double exact = GatlingInternals.millisAt(System.nanoTime());
      assertThat(exact).isBetween((double) now, now + 1000.0);
      assertThat(Math.floor(GatlingInternals.millisAt(System.nanoTime()))).isLessThanOrEqualTo(GatlingInternals.nowMillis());
    }
  }

  /**
   * A request whose reused keep-alive connection the server closes before answering is sent once and fails
   * once: Gatling's client would re-send it on a new connection (HttpAppHandler.channelInactive for a pooled
   * connection), which for a completion is a second generation the user did not ask for. Warm connections put
   * every first call on such a connection (opened by the unmeasured GET /v1/models). The server here answers
   * GETs with keep-alive and closes the connection on every POST once it has read the request. Without
   * NoResend it received 2 POSTs per call.
   */
  @Test
  void aRequestOnAReusedConnectionClosedBeforeTheAnswerIsSentOnceAndFails(@TempDir Path tmp) throws IOException {
    try (CloseOnPost server = new CloseOnPost()) {
      int exit = GatlingRunner.run(SmokeSimulation.class, Map.of("llm.baseUrl", server.baseUrl(), "llm.users", "3",
          "llm.rampSeconds", "0", "llm.agentMix", "0", "llm.warmConnections", "true", "llm.warmupCalls", "0",
          "llm.timeoutSeconds", "10", "llm.explainRefusals", "false", "llm.outputDir", tmp.resolve("runs").toString(),
          "llm.metricsUrl", "off"), tmp.resolve("gatling"), false);
      assertThat(exit).isZero();
      List<Map<String, String>> calls = CallsFile.read(CallsFile.onlyRunDir(tmp.resolve("runs")).resolve("llm-calls.csv"));
      assertThat(calls).hasSize(3).allSatisfy(c -> {
        assertThat(c.get("ok")).isEqualTo("false");
        assertThat(c.get("error")).isEqualTo("connection failed: " + GatlingInternals.CLOSED_BEFORE_ANSWER);
      });
      assertThat(server.gets.get()).as("warm GETs (and the start-up probe's)").isGreaterThanOrEqualTo(3);
      assertThat(server.posts.get()).as("completion requests the server received: one per call").isEqualTo(3);
    }
  }

  /** Answers every GET with a one-model list on a kept-alive connection; reads a POST, then closes. */
  private static final class CloseOnPost implements AutoCloseable {
    private static final byte[] MODELS = "{\"object\":\"list\",\"data\":[{\"id\":\"m\",\"object\":\"model\",\"max_model_len\":32768}]}"
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    final java.util.concurrent.atomic.AtomicInteger gets = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger posts = new java.util.concurrent.atomic.AtomicInteger();
    private final java.net.ServerSocket socket;
    private final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "close-on-post");
      t.setDaemon(true);
      return t;
    });

    CloseOnPost() throws IOException {
      socket = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
      threads.execute(() -> {
        while (!socket.isClosed()) {
          try {
            java.net.Socket s = socket.accept();
            threads.execute(() -> serve(s));
          } catch (IOException e) {
            return; // closed
          }
        }
      });
    }

    String baseUrl() {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }

    private void serve(java.net.Socket s) {
      try (s) {
        s.setSoTimeout(30_000);
        java.io.InputStream in = new java.io.BufferedInputStream(s.getInputStream());
        java.io.OutputStream out = s.getOutputStream();
        for (int request = 0; request < 100; request++) {
          String line = line(in);
          if (line == null) {
            return;
          }
          int length = 0;
          for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
              length = Integer.parseInt(h.substring(15).trim());
            }
          }
          in.readNBytes(length);
          if (line.startsWith("POST")) {
            posts.incrementAndGet();
            return; // closes the connection without an answer
          }
          gets.incrementAndGet();
          boolean models = line.startsWith("GET /v1/models");
          byte[] body = models ? MODELS : "{}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
          out.write(((models ? "HTTP/1.1 200 OK" : "HTTP/1.1 404 Not Found") + "\r\nContent-Type: application/json\r\n"
              + "Content-Length: " + body.length + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          out.write(body);
          out.flush();
        }
      } catch (IOException | RuntimeException e) {
        // the client went away
      }
    }

    private static String line(java.io.InputStream in) throws IOException {
      StringBuilder b = new StringBuilder();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          return b.isEmpty() ? null : b.toString();
        }
        if (c != '\r') {
          b.append((char) c);
        }
      }
      return b.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
      threads.shutdownNow();
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "";
    }
  }
}
