package io.llmload.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator against requests no honest client sends: huge numbers, a browser's cross-site POSTs. */
class SimulatorHardeningTest {
  static VllmSimulator sim;
  static TestHttp http;

  @BeforeAll
  static void start() {
    sim = VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).ttftMs(5).itlMs(1).maxModelLen(4096).port(0).build());
    http = new TestHttp(sim);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static String chat(String extra) {
    return "{\"model\":\"" + sim.config().model() + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + extra + "}";
  }

  @Test
  void maxTokensNearIntMaxIsAContextErrorNotAnOverflow() throws Exception {
    for (String extra : new String[] {",\"max_tokens\":2147483647", ",\"max_completion_tokens\":2147483647",
        ",\"max_tokens\":2147483600,\"stream\":true", ",\"min_tokens\":2147483647"}) {
      HttpResponse<String> r = http.post("/v1/chat/completions", chat(extra));
      assertThat(r.statusCode()).as(extra).isEqualTo(400);
      assertThat(TestHttp.json(r.body()).path("error").path("message").asText()).as(extra).contains("4096");
    }
  }

  @Test
  void aPostThatIsNotJsonIsRefusedBeforeAnyWork() throws Exception {
    int before = sim.requestLog().size();
    for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(http.base + "/v1/chat/completions"))
          .timeout(Duration.ofSeconds(30)).header("Content-Type", type)
          .POST(HttpRequest.BodyPublishers.ofString(chat(""))).build();
      HttpResponse<String> r = http.client.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(type).isEqualTo(415);
    }
    assertThat(http.post("/v1/chat/completions", chat(",\"max_tokens\":2"), "X-Unused", "1").statusCode()).isEqualTo(200);
    // the three refusals are logged as errors, the JSON call as ok: nothing was generated for the refusals
    assertThat(sim.requestLog().records().subList(before, before + 3)).allMatch(rec -> rec.status() == 415);
  }

  @Test
  void aGetNeverResetsAndAJsonPostDoes() throws Exception {
    assertThat(http.post("/v1/chat/completions", chat(",\"max_tokens\":2")).statusCode()).isEqualTo(200);
    int logged = sim.requestLog().size();
    assertThat(logged).isPositive();
    HttpResponse<String> get = http.get("/sim/stats?reset=true");
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.body()).contains("POST /sim/stats?reset=true");
    assertThat(sim.requestLog().size()).isGreaterThanOrEqualTo(logged);
    HttpRequest textPost = HttpRequest.newBuilder(URI.create(http.base + "/sim/stats?reset=true"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    assertThat(http.client.send(textPost, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(415);
    assertThat(sim.requestLog().size()).isGreaterThanOrEqualTo(logged);
    HttpResponse<String> post = http.post("/sim/stats?reset=true", "{}");
    assertThat(post.statusCode()).isEqualTo(200);
    assertThat(TestHttp.json(post.body()).path("requests_finished").asLong()).isGreaterThanOrEqualTo(logged);
    assertThat(sim.requestLog().size()).isZero();
  }

  @Test
  void theRequestLogKeepsTheLatestRecordsAndCountsTheDropped() {
    RequestLog log = new RequestLog(3);
    for (int i = 0; i < 10; i++) {
      log.add(new RequestRecord("r" + i, i, i, i, "stop", 200, false, 1, 1));
    }
    assertThat(log.records()).extracting(RequestRecord::id).containsExactly("r7", "r8", "r9");
    assertThat(log.dropped()).isEqualTo(7);
    log.clear();
    assertThat(log.size()).isZero();
    assertThat(log.dropped()).isZero();
  }
}
