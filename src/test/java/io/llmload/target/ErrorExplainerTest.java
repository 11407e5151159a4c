package io.llmload.target;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.sim.SimConfig;
import io.llmload.sim.SimMode;
import io.llmload.sim.VllmSimulator;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ErrorExplainerTest {
  @Test
  void readsVllmsReasonForARefusedRequestAndNeverReplaysOverload() {
    try (VllmSimulator server = VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).maxModelLen(100).port(0).build())) {
      ErrorExplainer explainer = new ErrorExplainer(server.baseUrl() + "/v1/chat/completions", null);
      String tooLong = "{\"model\":\"" + server.config().model() + "\",\"stream\":true,\"max_tokens\":500,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}";
      assertThat(explainer.explain(400, tooLong)).contains("maximum context length");
      int before = server.requestLog().size();
      assertThat(explainer.explain(429, tooLong)).isNull();
      assertThat(explainer.explain(503, tooLong)).isNull();
      assertThat(server.requestLog().size()).isEqualTo(before);
      for (int i = 0; i < 5; i++) {
        explainer.explain(400, tooLong);
      }
      assertThat(server.requestLog().size()).isEqualTo(before + ErrorExplainer.MAX_PROBES_PER_STATUS - 1);
      assertThat(explainer.explain(400, tooLong)).endsWith("(as for an earlier call with this status)");
    }
  }

  @Test
  void aServerThatDripsItsErrorBodyCostsAtMostTheReplayBudget() throws Exception {
    AtomicInteger replays = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", exchange -> {
      replays.incrementAndGet();
      exchange.sendResponseHeaders(400, 1000);
      exchange.getResponseBody().write('{');
      exchange.getResponseBody().flush();
      try {
        release.await(); // the rest of the body never comes while the test runs
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat/completions";
      ErrorExplainer explainer = new ErrorExplainer(url, null, Duration.ofMillis(900), Duration.ofMillis(300));
      int[] statuses = {400, 401, 403, 404, 422};
      for (int round = 0; round < ErrorExplainer.MAX_PROBES_PER_STATUS; round++) {
        for (int status : statuses) {
          assertThat(explainer.explain(status, "{}")).isNull();
        }
      }
      // 15 replays were allowed by status; the budget (900 ms, 300 ms each) stops them after at most 4
      assertThat(replays.get()).isBetween(1, 4);
    } finally {
      release.countDown();
      server.stop(0);
    }
  }

  @Test
  void messageShapes() {
    assertThat(ErrorExplainer.message("{\"error\":{\"message\":\"The model `x` does not exist.\",\"code\":404}}"))
        .isEqualTo("The model `x` does not exist.");
    assertThat(ErrorExplainer.message("{\"object\":\"error\",\"message\":\"old\"}")).isEqualTo("old");
    assertThat(ErrorExplainer.message("{\"error\":\"Unauthorized\"}")).isEqualTo("Unauthorized");
    assertThat(ErrorExplainer.message("not json")).isNull();
  }
}
