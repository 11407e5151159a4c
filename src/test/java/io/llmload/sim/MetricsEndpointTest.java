package io.llmload.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)\\} (\\S+)$");

  /** name{labels} -> value, in order. */
  static Map<String, Double> parse(String text) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) continue;
      Matcher m = SAMPLE.matcher(line);
      assertThat(m.matches()).as("sample line '%s'", line).isTrue();
      out.put(m.group(1) + "{" + m.group(2) + "}", Double.parseDouble(m.group(3)));
    }
    return out;
  }

  @Test
  void exposesVllmV1NamesLabelsAndBuckets() throws Exception {
    try (VllmSimulator sim = VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).ttftMs(30).itlMs(3)
        .model("m/x").build())) {
      TestHttp http = new TestHttp(sim);
      int requests = 5;
      int promptTotal = 0;
      for (int i = 0; i < requests; i++) {
        String content = "request number " + i + " with some words";
        promptTotal += Tokenizer.count(content);
        HttpResponse<String> r = http.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":"
            + Json.quote(content) + "}],\"stream\":true,\"max_tokens\":" + (10 + i) + ",\"ignore_eos\":true}");
        assertThat(r.statusCode()).isEqualTo(200);
      }
      HttpResponse<String> resp = http.get("/metrics");
      assertThat(resp.headers().firstValue("content-type").orElse("")).startsWith("text/plain; version=0.0.4");
      String text = resp.body();
      Map<String, Double> s = parse(text);
      String l = "model_name=\"m/x\",engine=\"0\"";

      for (String gauge : List.of("vllm:num_requests_running", "vllm:num_requests_waiting", "vllm:kv_cache_usage_perc")) {
        assertThat(text).contains("# TYPE " + gauge + " gauge\n").contains("# HELP " + gauge + " ");
        assertThat(s).containsKey(gauge + "{" + l + "}");
      }
      assertThat(s.get("vllm:num_requests_running{" + l + "}")).isZero();
      for (String counter : List.of("vllm:prompt_tokens_total", "vllm:generation_tokens_total", "vllm:num_preemptions_total",
          "vllm:prefix_cache_queries_total", "vllm:prefix_cache_hits_total", "vllm:request_success_total")) {
        assertThat(text).contains("# TYPE " + counter + " counter\n").contains("# HELP " + counter + " ");
      }
      assertThat(s.get("vllm:prompt_tokens_total{" + l + "}")).isEqualTo(promptTotal);
      assertThat(s.get("vllm:generation_tokens_total{" + l + "}")).isEqualTo(10 + 11 + 12 + 13 + 14);
      assertThat(s.get("vllm:request_success_total{" + l + ",finished_reason=\"length\"}")).isEqualTo(requests);
      assertThat(s.get("vllm:request_success_total{" + l + ",finished_reason=\"stop\"}")).isZero();

      assertHistogram(text, s, "vllm:time_to_first_token_seconds", l, SimMetrics.TTFT_BUCKETS, requests);
      assertHistogram(text, s, "vllm:inter_token_latency_seconds", l, SimMetrics.ITL_BUCKETS, 9 + 10 + 11 + 12 + 13);
      assertHistogram(text, s, "vllm:request_time_per_output_token_seconds", l, SimMetrics.ITL_BUCKETS, requests);
      for (String h : List.of("vllm:e2e_request_latency_seconds", "vllm:request_queue_time_seconds",
          "vllm:request_prefill_time_seconds", "vllm:request_decode_time_seconds", "vllm:request_inference_time_seconds")) {
        assertHistogram(text, s, h, l, SimMetrics.REQUEST_LATENCY_BUCKETS, requests);
      }
      // TTFT is 30 ms in FIXED mode: nothing at or below 20 ms, everything at or below 10 s
      assertThat(s.get("vllm:time_to_first_token_seconds_bucket{" + l + ",le=\"0.02\"}")).isZero();
      assertThat(s.get("vllm:time_to_first_token_seconds_bucket{" + l + ",le=\"10.0\"}")).isEqualTo(requests);
      assertThat(s.get("vllm:time_to_first_token_seconds_sum{" + l + "}")).isGreaterThanOrEqualTo(requests * 0.030);
    }
  }

  private static void assertHistogram(String text, Map<String, Double> s, String name, String labels, double[] bounds,
                    long expectedCount) {
    assertThat(text).contains("# TYPE " + name + " histogram\n").contains("# HELP " + name + " ");
    List<String> les = new ArrayList<>();
    double previous = -1;
    for (double b : bounds) {
      String key = name + "_bucket{" + labels + ",le=\"" + b + "\"}";
      assertThat(s).as(key).containsKey(key);
      assertThat(s.get(key)).as("cumulative " + key).isGreaterThanOrEqualTo(previous);
      previous = s.get(key);
      les.add(Double.toString(b));
    }
    assertThat(s.get(name + "_bucket{" + labels + ",le=\"+Inf\"}")).isEqualTo(expectedCount);
    assertThat(s.get(name + "_count{" + labels + "}")).isEqualTo(expectedCount);
    assertThat(s).containsKey(name + "_sum{" + labels + "}");
    long bucketLines = text.lines().filter(x -> x.startsWith(name + "_bucket{")).count();
    assertThat(bucketLines).isEqualTo(bounds.length + 1);
  }
}
