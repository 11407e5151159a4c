package io.llmload.workload.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmload.sim.SimConfig;
import io.llmload.sim.VllmSimulator;
import io.llmload.testing.Slow;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Replays the sample Mooncake trace's prompts, one after the other, against the embedded simulator (whose
 * vLLM-like prefix cache hashes 16-token blocks) and compares its prefix-cache hit rate with the trace's reuse.
 *
 * <p>Expected hits of request i: its longest token prefix shared with an earlier request, from the hash ids
 * alone: {@code LCP_i = sum of the sizes of the leading blocks whose id and size equal those of an earlier
 * request at the same positions} (maximized over earlier requests); the server can reuse it in whole 16-token
 * blocks and always recomputes the last prompt token, so {@code hit_i = min(16 * floor(LCP_i / 16),
 * 16 * floor((L_i - 1) / 16))}. Expected rate = {@code sum(hit_i) / sum(L_i)}; measured rate =
 * {@code vllm:prefix_cache_hits_total / vllm:prefix_cache_queries_total}. Tolerance: 0.5 percentage points
 * (the simulator's KV cache of 1M tokens holds the whole trace, 139k tokens, so nothing is evicted and the
 * two should agree exactly; any token merged across a block joint would show as a miss of at least one
 * 16-token block per shared prefix, about 1 point here).
 */
@Slow
class TracePrefixReuseTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void replayedPromptsHitThePrefixCacheAsTheTraceRepeatsBlocks() throws Exception {
    Trace trace = TraceReader.read(Path.of("src/test/resources/traces/mooncake-sample.jsonl"), null);
    List<TraceRecord> records = trace.records();
    HashIdPrompts prompts = HashIdPrompts.forTrace(trace, "cl100k_base", 42);

    long queries = 0;
    long expectedHits = 0;
    long repeatedBlockTokens = 0;
    for (int i = 0; i < records.size(); i++) {
      TraceRecord r = records.get(i);
      long lcp = 0;
      int sharedFullBlocks = 0;
      for (int j = 0; j < i; j++) {
        lcp = Math.max(lcp, sharedPrefixTokens(records.get(j), r, 512));
        sharedFullBlocks = Math.max(sharedFullBlocks, sharedFullBlocks(records.get(j), r, 512));
      }
      queries += r.inputTokens();
      expectedHits += Math.min(16 * (lcp / 16), 16 * ((r.inputTokens() - 1) / 16));
      repeatedBlockTokens += 512L * sharedFullBlocks;
    }
    double expected = (double) expectedHits / queries;
    assertThat(expected).as("the sample must have reuse to measure").isBetween(0.2, 0.9);

    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    try (VllmSimulator sim = VllmSimulator.start(SimConfig.builder().seed(42).build())) {
      for (TraceRecord r : records) { // sequential: each request's blocks are cached before the next arrives
        ObjectNode body = JSON.createObjectNode().put("model", sim.config().model())
            .put("prompt", prompts.prompt(r)).put("max_tokens", 1).put("stream", false);
        HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/completions"))
            .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
        assertThat(JSON.readTree(resp.body()).path("usage").path("prompt_tokens").asInt())
            .as("prompt tokens the server counted for line %d", r.line()).isEqualTo(r.inputTokens());
      }
      // The engine adds a step's counters just after handing out its tokens: wait (bounded) until every
      // prompt token has been queried, then read the hits.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      String metrics;
      do {
        metrics = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/metrics")).GET().build(),
            HttpResponse.BodyHandlers.ofString()).body();
      } while (counter(metrics, "vllm:prefix_cache_queries_total") < queries && System.nanoTime() < deadline);
      long measuredQueries = counter(metrics, "vllm:prefix_cache_queries_total");
      long measuredHits = counter(metrics, "vllm:prefix_cache_hits_total");
      double measured = (double) measuredHits / measuredQueries;
      System.out.printf("prefix cache: expected %d / %d = %.4f, measured %d / %d = %.4f;"
              + " share of tokens in repeated 512-token blocks %.4f%n", expectedHits, queries, expected,
          measuredHits, measuredQueries, measured, (double) repeatedBlockTokens / queries);
      assertThat(measuredQueries).isEqualTo(queries);
      assertThat(measured).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.005));
    }
  }

  /** Tokens of b's prompt that equal a's: the leading blocks with the same id and the same size. */
  static long sharedPrefixTokens(TraceRecord a, TraceRecord b, int blockSize) {
    long tokens = 0;
    int n = Math.min(a.hashIds().length, b.hashIds().length);
    for (int k = 0; k < n; k++) {
      int sa = blockSizeAt(a, k, blockSize);
      int sb = blockSizeAt(b, k, blockSize);
      if (a.hashIds()[k] != b.hashIds()[k] || sa != sb) {
        break;
      }
      tokens += sb;
    }
    return tokens;
  }

  /** Leading full (512-token) blocks of b whose ids equal a's at the same positions. */
  static int sharedFullBlocks(TraceRecord a, TraceRecord b, int blockSize) {
    int n = Math.min(a.hashIds().length, b.hashIds().length);
    int k = 0;
    while (k < n && a.hashIds()[k] == b.hashIds()[k] && blockSizeAt(a, k, blockSize) == blockSize
        && blockSizeAt(b, k, blockSize) == blockSize) {
      k++;
    }
    return k;
  }

  static int blockSizeAt(TraceRecord r, int k, int blockSize) {
    return k < r.hashIds().length - 1 ? blockSize : r.inputTokens() - (r.hashIds().length - 1) * blockSize;
  }

  static long counter(String metrics, String name) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*} ([0-9.eE+]+)$").matcher(metrics);
    if (!m.find()) {
      throw new AssertionError(name + " not found in /metrics");
    }
    return (long) Double.parseDouble(m.group(1));
  }
}
