package io.llmload.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The wire format against vLLM's (see /work/shared/notes/vllm-wire-and-metrics.md), FIXED mode. */
class SimulatorWireTest {
  static final String MODEL = "Qwen/Qwen3-Next-80B-A3B-Instruct";
  static VllmSimulator sim;
  static TestHttp http;

  @BeforeAll
  static void start() {
    sim = VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).ttftMs(20).itlMs(2).maxModelLen(4096).build());
    http = new TestHttp(sim);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  static String chat(String content, String extra) {
    return "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"system\",\"content\":\"You are terse.\"},"
        + "{\"role\":\"user\",\"content\":" + Json.quote(content) + "}]" + extra + "}";
  }

  @Test
  void streamingChatSendsRoleTokensFinishUsageDone() throws Exception {
    String prompt = "Explain continuous batching in one paragraph.";
    HttpResponse<String> r = http.post("/v1/chat/completions",
        chat(prompt, ",\"stream\":true,\"max_tokens\":7,\"ignore_eos\":true,\"stream_options\":{\"include_usage\":true}"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
    assertThat(r.headers().firstValue("transfer-encoding")).hasValue("chunked");
    List<String> events = TestHttp.dataPayloads(r.body());
    assertThat(events).hasSize(1 + 7 + 1 + 1);
    assertThat(r.body()).doesNotContain("event:").doesNotContain("id:");

    JsonNode role = TestHttp.json(events.get(0));
    assertThat(role.get("object").asText()).isEqualTo("chat.completion.chunk");
    assertThat(role.get("id").asText()).startsWith("chatcmpl-");
    assertThat(role.get("model").asText()).isEqualTo(MODEL);
    assertThat(role.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
    assertThat(role.at("/choices/0/delta/content").asText()).isEmpty();
    assertThat(role.at("/choices/0/finish_reason").isNull()).isTrue();

    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 7; i++) {
      JsonNode c = TestHttp.json(events.get(i));
      assertThat(c.get("id").asText()).isEqualTo(role.get("id").asText());
      String piece = c.at("/choices/0/delta/content").asText();
      assertThat(Tokenizer.count(piece)).as("one token per chunk").isEqualTo(1);
      text.append(piece);
      JsonNode finish = c.at("/choices/0/finish_reason");
      if (i < 7) assertThat(finish.isNull()).isTrue();
      else assertThat(finish.asText()).isEqualTo("length");
    }
    JsonNode usage = TestHttp.json(events.get(8));
    assertThat(usage.get("choices").isArray()).isTrue();
    assertThat(usage.get("choices")).isEmpty();
    int expectedPrompt = Tokenizer.count("You are terse.") + Tokenizer.count(prompt);
    assertThat(usage.at("/usage/prompt_tokens").asInt()).isEqualTo(expectedPrompt);
    assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(7).isEqualTo(Tokenizer.count(text.toString()));
    assertThat(usage.at("/usage/total_tokens").asInt()).isEqualTo(expectedPrompt + 7);
    assertThat(events.get(9)).isEqualTo("[DONE]");

    RequestRecord rec = sim.requestLog().find(role.get("id").asText()).orElseThrow();
    assertThat(rec.outputTokensSent()).isEqualTo(7);
    assertThat(rec.promptTokens()).isEqualTo(expectedPrompt);
    assertThat(rec.finishReason()).isEqualTo("length");
  }

  @Test
  void withoutStreamOptionsThereIsNoUsageChunk() throws Exception {
    HttpResponse<String> r = http.post("/v1/chat/completions", chat("hi", ",\"stream\":true,\"max_tokens\":3,\"ignore_eos\":true"));
    List<String> events = TestHttp.dataPayloads(r.body());
    assertThat(events).hasSize(1 + 3 + 1);
    assertThat(r.body()).doesNotContain("\"usage\"");
    assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
  }

  @Test
  void fixedModeSendsTokenIAtArrivalPlusTtftPlusIItl() throws Exception {
    HttpResponse<String> r = http.post("/v1/chat/completions",
        chat("timing", ",\"stream\":true,\"max_tokens\":20,\"ignore_eos\":true"));
    String id = TestHttp.json(TestHttp.dataPayloads(r.body()).get(0)).get("id").asText();
    RequestRecord rec = sim.requestLog().find(id).orElseThrow();
    long ttftNanos = rec.firstTokenNanos() - rec.arrivalNanos();
    long spanNanos = rec.lastTokenNanos() - rec.firstTokenNanos();
    // never early; lateness is measured precisely by the benchmark, here a generous bound for a busy box
    assertThat(ttftNanos).isBetween(20_000_000L, 20_000_000L + 250_000_000L);
    assertThat(rec.lastTokenNanos() - rec.arrivalNanos()).isGreaterThanOrEqualTo(20_000_000L + 19 * 2_000_000L);
    assertThat(spanNanos).isLessThan(19 * 2_000_000L + 250_000_000L);
  }

  @Test
  void headersGoOutBeforeTheFirstTokenExists() throws Exception {
    try (VllmSimulator slow = VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).ttftMs(1500).itlMs(1).build())) {
      TestHttp h = new TestHttp(slow);
      long sent = System.nanoTime();
      HttpResponse<Stream<String>> r = h.stream("/v1/chat/completions", chat("x", ",\"stream\":true,\"max_tokens\":2"));
      long headersAt = System.nanoTime();
      assertThat(r.statusCode()).isEqualTo(200);
      List<String> lines = r.body().collect(Collectors.toList());
      assertThat(lines).contains("data: [DONE]");
      RequestRecord rec = slow.requestLog().records().get(0);
      assertThat(headersAt).isLessThan(rec.firstTokenNanos());
      assertThat(rec.firstTokenNanos() - rec.arrivalNanos()).isGreaterThanOrEqualTo(1_500_000_000L);
      assertThat(rec.arrivalNanos()).isGreaterThan(sent);
    }
  }

  @Test
  void nonStreamingChatReturnsOneBodyWithUsage() throws Exception {
    HttpResponse<String> r = http.post("/v1/chat/completions", chat("hello", ",\"max_completion_tokens\":9,\"max_tokens\":2,\"ignore_eos\":true"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode b = TestHttp.json(r.body());
    assertThat(b.get("object").asText()).isEqualTo("chat.completion");
    assertThat(b.at("/choices/0/message/role").asText()).isEqualTo("assistant");
    assertThat(b.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    String content = b.at("/choices/0/message/content").asText();
    assertThat(Tokenizer.count(content)).isEqualTo(9);
    assertThat(b.at("/usage/completion_tokens").asInt()).isEqualTo(9);
  }

  @Test
  void completionsStreamTextChunksWithoutRole() throws Exception {
    HttpResponse<String> r = http.post("/v1/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":\"Once upon a time\","
        + "\"stream\":true,\"max_tokens\":4,\"ignore_eos\":true,\"stream_options\":{\"include_usage\":true}}");
    List<String> events = TestHttp.dataPayloads(r.body());
    assertThat(events).hasSize(4 + 1 + 1);
    JsonNode first = TestHttp.json(events.get(0));
    assertThat(first.get("object").asText()).isEqualTo("text_completion");
    assertThat(first.get("id").asText()).startsWith("cmpl-");
    assertThat(Tokenizer.count(first.at("/choices/0/text").asText())).isEqualTo(1);
    assertThat(TestHttp.json(events.get(3)).at("/choices/0/finish_reason").asText()).isEqualTo("length");
    JsonNode usage = TestHttp.json(events.get(4));
    assertThat(usage.get("choices")).isEmpty();
    assertThat(usage.at("/usage/prompt_tokens").asInt()).isEqualTo(Tokenizer.count("Once upon a time"));
    assertThat(events.get(5)).isEqualTo("[DONE]");
  }

  @Test
  void nonStreamingCompletion() throws Exception {
    HttpResponse<String> r = http.post("/v1/completions", "{\"prompt\":[1,2,3],\"max_tokens\":5,\"ignore_eos\":true}");
    JsonNode b = TestHttp.json(r.body());
    assertThat(b.get("object").asText()).isEqualTo("text_completion");
    assertThat(Tokenizer.count(b.at("/choices/0/text").asText())).isEqualTo(5);
    assertThat(b.at("/usage/prompt_tokens").asInt()).isEqualTo(3);
  }

  @Test
  void withoutLengthControlsTheOutputEndsAtASeededEos() throws Exception {
    int stops = 0;
    for (int i = 0; i < 6; i++) {
      HttpResponse<String> r = http.post("/v1/chat/completions", chat("free " + i, ",\"max_tokens\":2000"));
      JsonNode b = TestHttp.json(r.body());
      int n = b.at("/usage/completion_tokens").asInt();
      String finish = b.at("/choices/0/finish_reason").asText();
      assertThat(n).isBetween(1, 2000);
      if (finish.equals("stop")) {
        stops++;
        assertThat(n).isLessThan(2000);
      }
      assertThat(Tokenizer.count(b.at("/choices/0/message/content").asText())).isEqualTo(n);
    }
    assertThat(stops).as("mean natural length 256 << 2000").isGreaterThanOrEqualTo(5);
  }

  @Test
  void minTokensBlocksEarlyEos() throws Exception {
    try (VllmSimulator s = VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).ttftMs(0).itlMs(0).meanOutputTokens(1).build())) {
      TestHttp h = new TestHttp(s);
      JsonNode b = TestHttp.json(h.post("/v1/chat/completions", chat("m", ",\"min_tokens\":40,\"max_tokens\":100")).body());
      assertThat(b.at("/usage/completion_tokens").asInt()).isEqualTo(40);
      assertThat(b.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
      JsonNode c = TestHttp.json(h.post("/v1/chat/completions", chat("m", ",\"max_tokens\":100")).body());
      assertThat(c.at("/usage/completion_tokens").asInt()).isEqualTo(1);
    }
  }

  @Test
  void promptPlusMaxTokensOverMaxModelLenIs400LikeVllm() throws Exception {
    HttpResponse<String> r = http.post("/v1/chat/completions", chat("hello there", ",\"stream\":true,\"max_tokens\":4091"));
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode e = TestHttp.json(r.body()).get("error");
    assertThat(e.get("message").asText()).startsWith("This model's maximum context length is 4096 tokens. However, your request has ")
        .contains((Tokenizer.count("You are terse.") + Tokenizer.count("hello there")) + " input tokens");
    assertThat(e.get("type").asText()).isEqualTo("BadRequestError");
    assertThat(e.get("code").asInt()).isEqualTo(400);
    assertThat(e.has("param")).isTrue();
  }

  @Test
  void invalidBodyIs400() throws Exception {
    HttpResponse<String> r = http.post("/v1/chat/completions", "{not json");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(TestHttp.json(r.body()).at("/error/type").asText()).isEqualTo("BadRequestError");
    HttpResponse<String> r2 = http.post("/v1/chat/completions", "{\"messages\":[]}");
    assertThat(r2.statusCode()).isEqualTo(400);
    HttpResponse<String> r3 = http.post("/v1/chat/completions", chat("x", ",\"max_tokens\":\"many\""));
    assertThat(r3.statusCode()).isEqualTo(400);
    assertThat(TestHttp.json(r3.body()).at("/error/param").asText()).isEqualTo("max_tokens");
  }

  @Test
  void unknownModelIs404() throws Exception {
    HttpResponse<String> r = http.post("/v1/chat/completions",
        "{\"model\":\"gpt-9\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":true}");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode e = TestHttp.json(r.body()).get("error");
    assertThat(e.get("message").asText()).isEqualTo("The model `gpt-9` does not exist.");
    assertThat(e.get("type").asText()).isEqualTo("NotFoundError");
    assertThat(e.get("code").asInt()).isEqualTo(404);
  }

  @Test
  void apiKeyGuardsOnlyV1() throws Exception {
    try (VllmSimulator s = VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).ttftMs(0).itlMs(0).apiKey("sekrit").build())) {
      TestHttp h = new TestHttp(s);
      HttpResponse<String> noKey = h.post("/v1/chat/completions", chat("x", ",\"max_tokens\":1"));
      assertThat(noKey.statusCode()).isEqualTo(401);
      assertThat(noKey.body()).isEqualTo("{\"error\":\"Unauthorized\"}");
      assertThat(h.get("/v1/models", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
      assertThat(h.post("/v1/chat/completions", chat("x", ",\"max_tokens\":1"), "Authorization", "Bearer sekrit").statusCode())
          .isEqualTo(200);
      assertThat(h.get("/health").statusCode()).isEqualTo(200);
      assertThat(h.get("/metrics").statusCode()).isEqualTo(200);
      assertThat(h.get("/version").statusCode()).isEqualTo(200);
      assertThat(s.config().describe()).doesNotContain("sekrit");
    }
  }

  @Test
  void modelsHealthVersion() throws Exception {
    JsonNode models = TestHttp.json(http.get("/v1/models").body());
    assertThat(models.get("object").asText()).isEqualTo("list");
    assertThat(models.at("/data/0/id").asText()).isEqualTo(MODEL);
    assertThat(models.at("/data/0/owned_by").asText()).isEqualTo("vllm");
    assertThat(models.at("/data/0/max_model_len").asInt()).isEqualTo(4096);
    HttpResponse<String> health = http.get("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEmpty();
    assertThat(TestHttp.json(http.get("/version").body()).get("version").asText()).endsWith("-sim");
    assertThat(http.get("/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void tokenizeAndDetokenizeRoundTrip() throws Exception {
    JsonNode t = TestHttp.json(http.post("/tokenize", "{\"prompt\":\"Hello world, hello simulator\"}").body());
    assertThat(t.get("count").asInt()).isEqualTo(Tokenizer.count("Hello world, hello simulator"));
    assertThat(t.get("max_model_len").asInt()).isEqualTo(4096);
    JsonNode d = TestHttp.json(http.post("/detokenize", "{\"tokens\":" + t.get("tokens") + "}").body());
    assertThat(d.get("prompt").asText()).isEqualTo("Hello world, hello simulator");
    JsonNode m = TestHttp.json(http.post("/tokenize", chat("abc def", "")).body());
    assertThat(m.get("count").asInt()).isEqualTo(Tokenizer.count("You are terse.") + Tokenizer.count("abc def"));
  }

  @Test
  void reasoningModeSendsReasoningThenContent() throws Exception {
    try (VllmSimulator s = VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).ttftMs(0).itlMs(0).reasoningTokens(3).build())) {
      TestHttp h = new TestHttp(s);
      List<String> events = TestHttp.dataPayloads(h.post("/v1/chat/completions",
          chat("think", ",\"stream\":true,\"max_tokens\":5,\"ignore_eos\":true,\"stream_options\":{\"include_usage\":true}")).body());
      for (int i = 1; i <= 3; i++) {
        JsonNode d = TestHttp.json(events.get(i)).at("/choices/0/delta");
        assertThat(d.get("reasoning").asText()).isEqualTo(d.get("reasoning_content").asText());
        assertThat(Tokenizer.count(d.get("reasoning").asText())).isEqualTo(1);
        assertThat(d.has("content")).isFalse();
      }
      for (int i = 4; i <= 5; i++) {
        JsonNode d = TestHttp.json(events.get(i)).at("/choices/0/delta");
        assertThat(d.has("reasoning")).isFalse();
        assertThat(Tokenizer.count(d.get("content").asText())).isEqualTo(1);
      }
      JsonNode usage = TestHttp.json(events.get(6)).get("usage");
      assertThat(usage.get("completion_tokens").asInt()).isEqualTo(5);
      assertThat(usage.at("/completion_tokens_details/reasoning_tokens").asInt()).isEqualTo(3);
    }
  }

  @Test
  void clientGoingAwayIsLoggedAsCancelled() throws Exception {
    try (VllmSimulator s = VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).ttftMs(0).itlMs(20).build())) {
      TestHttp h = new TestHttp(s);
      HttpResponse<Stream<String>> r = h.stream("/v1/chat/completions", chat("x", ",\"stream\":true,\"max_tokens\":1000,\"ignore_eos\":true"));
      try (Stream<String> lines = r.body()) {
        assertThat(lines.filter(l -> l.startsWith("data: ")).limit(3).count()).isEqualTo(3);
      }
      assertThat(Await.until(() -> s.requestLog().size() > 0, 10_000)).isTrue();
      RequestRecord rec = s.requestLog().records().get(0);
      assertThat(rec.finishReason()).isEqualTo("cancelled");
      assertThat(rec.outputTokensSent()).isBetween(2, 999);
    }
  }
}
