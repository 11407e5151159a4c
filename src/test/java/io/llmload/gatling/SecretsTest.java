package io.llmload.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.llmload.config.ConfigException;
import io.llmload.config.LlmConfig;
import io.llmload.config.Settings;
import io.llmload.run.RunFiles;
import io.llmload.sim.SimConfig;
import io.llmload.sim.SimMode;
import io.llmload.sim.VllmSimulator;
import io.llmload.simulations.SmokeSimulation;
import io.llmload.testing.CallsFile;
import io.llmload.testing.GatlingRunner;
import io.llmload.workload.JourneyKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API key goes to the target's server only, and secrets in URLs (user-info, query values) are
 * never written or printed. Each run here is a small in-process Smoke run on loopback (a few users,
 * tens of tokens: seconds; every call bounded by llm.timeoutSeconds).
 */
class SecretsTest {
  private static final String KEY = "sk-e2e-key-0427";
  private static final String PASSWORD = "password-e2e-1";
  private static final String TOKEN = "metrics-secret-2";

  /**
   * A whole run with http://user:PASSWORD@127.0.0.1:PORT as base URL, a key, and ?token=TOKEN in the
   * metrics URL: no file of the run folder or of Gatling's results (the archive, written by a JVM shutdown
   * hook, copies these), and nothing the run printed, contains any of the three.
   */
  @Test
  void aRunNeverWritesNorPrintsTheKeyOrASecretOfItsUrls(@TempDir Path tmp) throws IOException {
    try (VllmSimulator server = VllmSimulator.start(
        SimConfig.builder().mode(SimMode.FIXED).ttftMs(5).itlMs(1).apiKey(KEY).port(0).build())) {
      int port = Integer.parseInt(server.baseUrl().substring(server.baseUrl().lastIndexOf(':') + 1));
      Map<String, String> props = smallRun(tmp);
      props.put("llm.baseUrl", "http://user:" + PASSWORD + "@127.0.0.1:" + port);
      props.put("llm.apiKey", KEY);
      props.put("llm.metricsUrl", "http://127.0.0.1:" + port + "/metrics?token=" + TOKEN);

      String console = capturingConsole(() -> GatlingRunner.run(SmokeSimulation.class, props, tmp.resolve("gatling"), true));

      Path runDir = CallsFile.onlyRunDir(tmp.resolve("runs"));
      List<Map<String, String>> calls = CallsFile.read(runDir.resolve(RunFiles.CALLS));
      assertThat(calls).as("the run really ran (console:\n%s)", console).isNotEmpty()
          .allSatisfy(c -> assertThat(c.get("ok")).as("call %s: %s", c.get("call_id"), c.get("error")).isEqualTo("true"));
      JsonNode summary = new ObjectMapper().readTree(runDir.resolve(RunFiles.SUMMARY).toFile());
      assertThat(summary.path("run").path("target").path("base_url").asText())
          .isEqualTo("http://[redacted]@127.0.0.1:" + port);
      assertThat(summary.path("config").path("llm.metricsUrl").asText())
          .isEqualTo("http://127.0.0.1:" + port + "/metrics?token=[redacted]");

      List<Path> files = new ArrayList<>();
      for (Path dir : List.of(tmp.resolve("runs"), tmp.resolve("gatling"))) {
        try (Stream<Path> walk = Files.walk(dir)) {
          walk.filter(Files::isRegularFile).forEach(files::add);
        }
      }
      assertThat(files).extracting(f -> f.getFileName().toString())
          .contains(RunFiles.SUMMARY, RunFiles.RUN_INFO, RunFiles.CALLS, "llm-report.html", "simulation.log");
      for (Path file : files) {
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(text).as("%s", file).doesNotContain(KEY).doesNotContain(PASSWORD).doesNotContain(TOKEN);
      }
      assertThat(console).contains("LLM").doesNotContain(KEY).doesNotContain(PASSWORD).doesNotContain(TOKEN);
    }
  }

  /** Error messages quote URLs redacted: an unreachable base URL, a bad metrics URL. */
  @Test
  void configurationErrorsNeverQuoteASecretOfAUrl(@TempDir Path tmp) throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Map<String, String> props = smallRun(tmp);
    props.put("llm.baseUrl", "http://user:" + PASSWORD + "@127.0.0.1:" + closedPort);
    assertThatThrownBy(() -> new LlmRun("t", LlmConfig.read(Settings.of(props), LlmConfig.Defaults.SMOKE),
        JourneyKind.SINGLE))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("llm.baseUrl=http://[redacted]@127.0.0.1:" + closedPort + " is unreachable")
        .hasMessageNotContaining(PASSWORD);

    try (VllmSimulator server = VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).port(0).build())) {
      props.put("llm.baseUrl", server.baseUrl());
      props.put("llm.metricsUrl", "http://u:" + PASSWORD + "@127.0.0.1:1/metrics?token=" + TOKEN + " ftp://x");
      assertThatThrownBy(() -> new LlmRun("t", LlmConfig.read(Settings.of(props), LlmConfig.Defaults.SMOKE),
          JourneyKind.SINGLE))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("llm.metricsUrl=")
          .hasMessageNotContaining(PASSWORD).hasMessageNotContaining(TOKEN);
    }
  }

  /**
   * The target answers /v1/models, and every completion with a 307 to another loopback server, which is
   * also the metrics URL: that server never sees the key (the redirect is not followed; a call fails
   * "HTTP 307"), while the target does.
   */
  @Test
  void theKeyGoesOnlyToTheTargetNeitherToARedirectNorToTheMetricsUrl(@TempDir Path tmp) {
    List<String> targetAuth = new CopyOnWriteArrayList<>();
    List<String> otherRequests = new CopyOnWriteArrayList<>();
    HttpServer other = server(exchange -> {
      otherRequests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " Authorization="
          + exchange.getRequestHeaders().getFirst("Authorization"));
      reply(exchange, 500, "{\"error\":{\"message\":\"not here\"}}");
    });
    String otherUrl = "http://127.0.0.1:" + other.getAddress().getPort();
    HttpServer target = server(exchange -> {
      targetAuth.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/v1/models")) {
        reply(exchange, 200, "{\"data\":[{\"id\":\"m\",\"max_model_len\":100000}]}");
      } else if (path.startsWith("/v1/")) {
        exchange.getResponseHeaders().add("Location", otherUrl + path);
        reply(exchange, 307, "");
      } else {
        reply(exchange, 404, "");
      }
    });
    try {
      Map<String, String> props = smallRun(tmp);
      props.put("llm.baseUrl", "http://127.0.0.1:" + target.getAddress().getPort());
      props.put("llm.apiKey", KEY);
      props.put("llm.metricsUrl", otherUrl + "/metrics");
      GatlingRunner.run(SmokeSimulation.class, props, tmp.resolve("gatling"), false);

      List<Map<String, String>> calls = CallsFile.read(CallsFile.onlyRunDir(tmp.resolve("runs")).resolve(RunFiles.CALLS));
      assertThat(calls).isNotEmpty().allSatisfy(c -> assertThat(c.get("error")).startsWith("HTTP 307"));
      assertThat(targetAuth).contains("Bearer " + KEY);
      assertThat(otherRequests).as("requests to the other server").isNotEmpty()
          .allSatisfy(r -> assertThat(r).endsWith("Authorization=null"));
    } finally {
      target.stop(0);
      other.stop(0);
    }
  }

  // ---------------------------------------------------------------------------------------------------

  /** A Smoke run of 3 single calls of 20-40 output tokens, each bounded by 20 s without an event. */
  private static Map<String, String> smallRun(Path tmp) {
    Map<String, String> p = new HashMap<>();
    p.put("llm.users", "3");
    p.put("llm.rampSeconds", "0");
    p.put("llm.agentMix", "0");
    p.put("llm.input.min", "100");
    p.put("llm.input.max", "150");
    p.put("llm.output.min", "20");
    p.put("llm.output.max", "40");
    p.put("llm.warmupCalls", "1");
    p.put("llm.timeoutSeconds", "20");
    p.put("llm.metricsPeriodSeconds", "0.2");
    p.put("llm.label", "secrets");
    p.put("llm.outputDir", tmp.resolve("runs").toString());
    p.put("llm.reportsDir", tmp.resolve("reports").toString());
    p.put("llm.gatlingResultsDir", tmp.resolve("gatling").toString());
    return p;
  }

  /** What {@code body} printed to System.out and System.err (still printed, too). */
  private static String capturingConsole(Runnable body) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(new Tee(out, captured), true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(new Tee(err, captured), true, StandardCharsets.UTF_8));
      body.run();
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final ByteArrayOutputStream b;

    Tee(OutputStream a, ByteArrayOutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws IOException {
      a.write(c);
      synchronized (b) {
        b.write(c);
      }
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
      a.write(bytes, off, len);
      synchronized (b) {
        b.write(bytes, off, len);
      }
    }
  }

  private interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }

  private static HttpServer server(Handler handler) {
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      s.createContext("/", exchange -> {
        try (exchange) {
          exchange.getRequestBody().readAllBytes();
          handler.handle(exchange);
        }
      });
      s.start();
      return s;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }
}
