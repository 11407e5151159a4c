package io.llmload.servermetrics;

import io.llmload.run.ServerMetricsRow;
import static io.llmload.servermetrics.PrometheusTextParserTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Expected values are computed by hand from the observations the fixtures were generated from
 * (src/test/resources/servermetrics, two engines): between "first" and "last", TTFT gained 32
 * observations: 0.07 s ×15, 0.09 s ×11, 0.3 ×2, 0.6, 1.5, 3.0, 12.0.
 */
class ServerWindowTrackerTest {

  static Scrape scrape(int url, long timeMs, String text) {
    try {
      return new Scrape(url, timeMs, PrometheusTextParser.parse(text));
    } catch (MetricsParseException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void rowRatesAndHitRateBetweenTwoScrapes() {
    Scrape a = scrape(0, 1_000, fixture("vllm-v1-first.txt"));
    Scrape b = scrape(0, 11_000, fixture("vllm-v1-last.txt"));

    ServerMetricsRow first = ScrapeRows.of(null, a);
    assertThat(first.requestsRunning()).isEqualTo(3.0);
    assertThat(first.promptTokensPerS()).isNull();
    assertThat(first.prefixCacheHitRate()).isNull();
    assertThat(first.toCsv()).isEqualTo("1000,0,3,0,0.125,,,0,,,3,true,false");

    ServerMetricsRow row = ScrapeRows.of(a, b);
    // prompt 1500 → 31500 over 10 s; generation 300 → 15300; preemptions 0 → 4
    assertThat(row.promptTokensPerS()).isEqualTo(3000.0);
    assertThat(row.generationTokensPerS()).isEqualTo(1500.0);
    assertThat(row.preemptionsTotal()).isEqualTo(4.0);
    assertThat(row.preemptionsPerS()).isCloseTo(0.4, within(1e-12));
    // hits 0 → 13500 over queries 1500 → 31500
    assertThat(row.prefixCacheHitRate()).isCloseTo(0.45, within(1e-12));
    assertThat(row.requestsRunning()).isEqualTo(32.0);
    assertThat(row.requestsWaiting()).isEqualTo(7.0);
    assertThat(row.kvCacheUsagePerc()).isEqualTo(0.875);
    assertThat(row.requestsSuccessTotal()).isEqualTo(35.0);
    assertThat(row.toCsv()).isEqualTo("11000,0,32,7,0.875,3000,1500,4,0.4,0.45,35,true,false");
  }

  @Test
  void missingSeriesAreEmptyCellsNotZeros() {
    Scrape a = scrape(1, 0, "vllm:num_requests_running{engine=\"0\"} 0\n");
    Scrape b = scrape(1, 2_000, "vllm:num_requests_running{engine=\"0\"} 2\nvllm:prefix_cache_queries_total 0\n"
        + "vllm:prefix_cache_hits_total 0\n");
    ServerMetricsRow row = ScrapeRows.of(a, b);
    assertThat(row.toCsv()).isEqualTo("2000,1,2,,,,,,,,,true,false");
    assertThat(ServerMetricsRow.failed(5, 2).toCsv()).isEqualTo("5,2,,,,,,,,,,false,false");
    // no queries over the interval: hit rate unknown, not 0
    Scrape c = scrape(1, 4_000, "vllm:prefix_cache_queries_total 0\nvllm:prefix_cache_hits_total 0\n");
    assertThat(ScrapeRows.of(b, c).prefixCacheHitRate()).isNull();
  }

  @Test
  void windowFromFirstAndLastScrape() {
    ServerWindowTracker t = new ServerWindowTracker(1);
    t.accept(scrape(0, 1_000, fixture("vllm-v1-first.txt")));
    t.accept(scrape(0, 11_000, fixture("vllm-v1-last.txt")));
    ServerWindow w = t.summarize();

    assertThat(w.durationS()).isEqualTo(10.0);
    assertThat(w.promptTokens()).isEqualTo(30_000L);
    assertThat(w.generationTokens()).isEqualTo(15_000L);
    assertThat(w.generationTokensPerS()).isEqualTo(1500.0);
    assertThat(w.preemptions()).isEqualTo(4L);
    assertThat(w.prefixCacheHitRate()).isCloseTo(0.45, within(1e-12));
    assertThat(w.requestsSuccessByReason()).containsExactly(
        Map.entry("length", 30L), Map.entry("stop", 2L), Map.entry("abort", 0L));
    assertThat(w.requestsSuccessTotal()).isEqualTo(32L);
    assertThat(w.maxRequestsRunning()).isEqualTo(32.0);
    assertThat(w.maxRequestsWaiting()).isEqualTo(7.0);
    assertThat(w.maxKvCacheUsagePerc()).isEqualTo(0.875);
    assertThat(w.counterResets()).isEmpty();

    ServerWindow.LatencyWindow ttft = w.latency().get("ttft_ms");
    assertThat(ttft.metric()).isEqualTo("vllm:time_to_first_token_seconds");
    assertThat(ttft.count()).isEqualTo(32);
    // Δsum 19.74 s / 32
    assertThat(ttft.mean()).isCloseTo(616.875, within(1e-3));
    // rank 16: (0.08, 0.1] holds 11 above cum 15 → 80 + 20 × 1/11
    assertThat(ttft.p50()).isCloseTo(81.818, within(1e-3));
    // rank 28.8: (0.5, 0.75] holds 1 above cum 28 → 500 + 250 × 0.8
    assertThat(ttft.p90()).isCloseTo(700.0, within(1e-3));
    // rank 30.4: (2.5, 5] holds 1 above cum 30 → 2500 + 2500 × 0.4
    assertThat(ttft.p95()).isCloseTo(3500.0, within(1e-3));
    // rank 31.68: (10, 20] holds 1 above cum 31 → 10000 + 10000 × 0.68
    assertThat(ttft.p99()).isCloseTo(16800.0, within(1e-3));

    // ITL: 7500 gaps of 20 ms (bucket ≤25 ms) and 7500 of 60 ms (bucket (50,75])
    ServerWindow.LatencyWindow itl = w.latency().get("itl_ms");
    assertThat(itl.count()).isEqualTo(15_000);
    assertThat(itl.mean()).isCloseTo(40.0, within(1e-6));
    assertThat(itl.p50()).isCloseTo(25.0, within(1e-6));
    assertThat(itl.p90()).isCloseTo(70.0, within(1e-6));
    // E2E: 32 requests of 4 s, all in (2.5, 5]
    assertThat(w.latency().get("e2e_ms").p50()).isCloseTo(3750.0, within(1e-6));
    // not exported by the fixture: null, not zeros
    assertThat(w.latency()).containsEntry("tpot_ms", null).containsEntry("queue_ms", null);
  }

  @Test
  void counterResetIsReportedAndNeverNegative() {
    ServerWindowTracker t = new ServerWindowTracker(1);
    Scrape before = scrape(0, 10_000, fixture("vllm-v1-last.txt"));
    Scrape afterRestart = scrape(0, 20_000, fixture("vllm-v1-first.txt"));
    t.accept(scrape(0, 0, fixture("vllm-v1-first.txt")));
    assertThat(t.accept(before)).isNull();
    ServerWindow.CounterReset reset = t.accept(afterRestart);
    assertThat(reset).isNotNull();
    assertThat(reset.timeMs()).isEqualTo(20_000);
    assertThat(reset.detail()).contains("went from");
    assertThat(t.accept(scrape(0, 30_000, fixture("vllm-v1-last.txt")))).isNull();

    ServerMetricsRow row = ScrapeRows.of(before, afterRestart);
    assertThat(row.counterReset()).isTrue();
    assertThat(row.promptTokensPerS()).isNull();
    assertThat(row.prefixCacheHitRate()).isNull();

    ServerWindow w = t.summarize();
    assertThat(w.counterResets()).hasSize(1);
    // two segments of +30000 each, the increments across the restart are not guessed
    assertThat(w.promptTokens()).isEqualTo(60_000L);
    assertThat(w.durationS()).isEqualTo(30.0);
    assertThat(w.promptTokensPerS()).isEqualTo(2000.0);
    assertThat(w.latency().get("ttft_ms").count()).isEqualTo(64);
    assertThat(w.latency().get("ttft_ms").p50()).isCloseTo(81.818, within(1e-3));
    assertThat(w.requestsSuccessByReason()).containsEntry("length", 60L);
  }

  @Test
  void restartWhoseCountersAlreadyGrewBackIsCaughtByCreatedTimestamps() {
    ServerWindowTracker t = new ServerWindowTracker(1);
    String last = fixture("vllm-v1-last.txt");
    t.accept(scrape(0, 0, last));
    String restarted = last.replace("vllm:prompt_tokens_total{engine=\"0\",model_name=\"meta-llama/Llama-3.1-8B-Instruct\"} 21000.0",
            "vllm:prompt_tokens_total{engine=\"0\",model_name=\"meta-llama/Llama-3.1-8B-Instruct\"} 25000.0")
        .replace("1732749600.0", "1732750600.0");
    assertThat(restarted).isNotEqualTo(last);
    ServerWindow.CounterReset reset = t.accept(scrape(0, 5_000, restarted));
    assertThat(reset).isNotNull();
    assertThat(reset.detail()).contains("_created");
  }

  @Test
  void aSingleScrapeIsNoWindowAndAMapTreeSerializesWithNulls() throws Exception {
    ServerWindowTracker t = new ServerWindowTracker(2);
    t.accept(scrape(0, 1_000, fixture("vllm-v1-last.txt")));
    t.failure(1, "HTTP 500");
    ServerWindow w = t.summarize();
    assertThat(w.promptTokens()).isNull();
    assertThat(w.durationS()).isNull();
    assertThat(w.maxRequestsRunning()).isEqualTo(32.0);
    assertThat(w.scrapesFailed()).isEqualTo(1);
    assertThat(w.lastFailure()).isEqualTo("url 1: HTTP 500");

    ObjectMapper mapper = new ObjectMapper();
    JsonNode json = mapper.readTree(mapper.writeValueAsString(w.asMap()));
    assertThat(json.get("prompt_tokens").isNull()).isTrue();
    assertThat(json.get("max_requests_running").asDouble()).isEqualTo(32.0);
    assertThat(json.get("latency").get("ttft_ms").isNull()).isTrue();
    assertThat(json.get("window").get("start_ms").asLong()).isEqualTo(1_000);
    assertThat(json.get("counter_resets").isArray()).isTrue();
    assertThat(mapper.readTree(mapper.writeValueAsString(ServerWindow.disabled().asMap()))
        .get("enabled").asBoolean()).isFalse();
  }

  @Test
  void eachUrlsOwnWindowIsItsShareOfTheSum() {
    ServerWindowTracker t = new ServerWindowTracker(2);
    t.accept(scrape(0, 1_000, "vllm:generation_tokens_total 100\nvllm:num_requests_running 1\n"));
    t.accept(scrape(1, 1_000, "vllm:generation_tokens_total 10\nvllm:num_requests_running 5\n"));
    t.accept(scrape(0, 3_000, "vllm:generation_tokens_total 400\nvllm:num_requests_running 2\n"));
    t.accept(scrape(1, 5_000, "vllm:generation_tokens_total 60\nvllm:num_requests_running 0\n"));
    assertThat(t.summarize().generationTokens()).isEqualTo(350);
    ServerWindow busy = t.summarize(0);
    ServerWindow idle = t.summarize(1);
    assertThat(busy.generationTokens()).isEqualTo(300);
    assertThat(busy.generationTokensPerS()).isEqualTo(150.0);
    assertThat(busy.maxRequestsRunning()).isEqualTo(2.0);
    assertThat(idle.generationTokens()).isEqualTo(50);
    assertThat(idle.generationTokensPerS()).isEqualTo(12.5);
    assertThat(idle.maxRequestsRunning()).isEqualTo(5.0);
    assertThat(t.summarize().maxRequestsRunning()).isEqualTo(5.0);
  }
}
