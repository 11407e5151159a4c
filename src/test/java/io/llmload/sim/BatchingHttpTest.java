package io.llmload.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** BATCHING mode end to end over HTTP: the engine thread drives real streams. */
class BatchingHttpTest {

  private static String body(int maxTokens) {
    return "{\"messages\":[{\"role\":\"user\",\"content\":\"Tell me about queues.\"}],\"stream\":true,\"max_tokens\":"
        + maxTokens + ",\"ignore_eos\":true,\"stream_options\":{\"include_usage\":true}}";
  }

  @Test
  void maxNumSeqsOneMakesTheSecondRequestQueueBehindTheFirst() throws Exception {
    try (VllmSimulator sim = VllmSimulator.start(SimConfig.builder().profile(Profile.LLAMA_8B_H100).maxNumSeqs(1).build())) {
      TestHttp http = new TestHttp(sim);
      List<CompletableFuture<HttpResponse<String>>> fs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        fs.add(CompletableFuture.supplyAsync(() -> {
          try {
            return http.post("/v1/chat/completions", body(40));
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        }));
      }
      for (CompletableFuture<HttpResponse<String>> f : fs) {
        List<String> ev = TestHttp.dataPayloads(f.get(60, TimeUnit.SECONDS).body());
        assertThat(ev.get(ev.size() - 1)).isEqualTo("[DONE]");
        JsonNode usage = TestHttp.json(ev.get(ev.size() - 2)).get("usage");
        assertThat(usage.get("completion_tokens").asInt()).isEqualTo(40);
        assertThat(ev).hasSize(1 + 40 + 2);
      }
      List<RequestRecord> recs = new ArrayList<>(sim.requestLog().records());
      recs.sort((a, b) -> Long.compare(a.firstTokenNanos(), b.firstTokenNanos()));
      assertThat(recs).hasSize(3);
      for (int i = 1; i < recs.size(); i++) {
        // one sequence at a time: the next one's first token comes after the previous one's last
        assertThat(recs.get(i).firstTokenNanos()).isGreaterThan(recs.get(i - 1).lastTokenNanos());
        assertThat(recs.get(i).outputTokensSent()).isEqualTo(40);
      }
      String metrics = sim.metricsText();
      assertThat(metrics).contains("vllm:generation_tokens_total{model_name=\"meta-llama/Llama-3.1-8B-Instruct\",engine=\"0\"} 120.0");
      assertThat(metrics).contains("vllm:request_queue_time_seconds_count{model_name=\"meta-llama/Llama-3.1-8B-Instruct\",engine=\"0\"} 3.0");
      // 40 tokens at >= 6.4 ms per step: each request takes > 250 ms, so the last one queued > 500 ms
      long lastQueued = recs.get(2).firstTokenNanos() - recs.get(2).arrivalNanos();
      assertThat(lastQueued).isGreaterThan(500_000_000L);
    }
  }

  @Test
  void nonStreamingAndCancelledRequestsWorkInBatchingMode() throws Exception {
    try (VllmSimulator sim = VllmSimulator.start(SimConfig.builder().build())) {
      TestHttp http = new TestHttp(sim);
      JsonNode b = TestHttp.json(http.post("/v1/chat/completions",
          "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":12,\"ignore_eos\":true}").body());
      assertThat(b.at("/usage/completion_tokens").asInt()).isEqualTo(12);
      assertThat(Tokenizer.count(b.at("/choices/0/message/content").asText())).isEqualTo(12);
      var r = http.stream("/v1/chat/completions", body(5000));
      try (var lines = r.body()) {
        assertThat(lines.filter(l -> l.startsWith("data: ")).limit(5).count()).isEqualTo(5);
      }
      assertThat(Await.until(() -> sim.requestLog().size() >= 2, 10_000)).isTrue();
      assertThat(sim.requestLog().records().get(1).finishReason()).isEqualTo("cancelled");
      // the engine forgets the cancelled request: nothing stays running
      String idle = "vllm:num_requests_running{model_name=\"Qwen/Qwen3-Next-80B-A3B-Instruct\",engine=\"0\"} 0.0";
      assertThat(Await.until(() -> sim.metricsText().contains(idle), 10_000)).as("running gauge back to 0").isTrue();
    }
  }
}
