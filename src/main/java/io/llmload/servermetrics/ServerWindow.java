package io.llmload.servermetrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the server itself reported over the run window: the difference between the first and the
 * last scrape of every URL, summed over label sets and replicas. Unknown figures are {@code null},
 * never 0. {@link #asMap()} gives the snake_case tree for {@code "server"} in llm-summary.json.
 *
 * @param enabled              false when scraping was off (every figure null)
 * @param urls                 number of scraped URLs (replicas)
 * @param lastFailure          reason of the last failed scrape, null if none failed
 * @param startMs              earliest first scrape (epoch ms, the supplied clock)
 * @param endMs                latest last scrape
 * @param maxRequestsRunning   the largest per-URL value seen in any scrape (summed over engines)
 * @param maxKvCacheUsagePerc  the largest engine's KV-cache usage (0-1) seen in any scrape
 * @param latency              summary key ({@code ttft_ms} …) → window statistics, null when the server
 *                             does not export that histogram
 * @param counterResets        every restart detected; figures exclude the increments lost across it
 */
public record ServerWindow(
    boolean enabled,
    int urls,
    long scrapesOk,
    long scrapesFailed,
    String lastFailure,
    Long startMs,
    Long endMs,
    Double durationS,
    Long promptTokens,
    Long generationTokens,
    Double promptTokensPerS,
    Double generationTokensPerS,
    Long preemptions,
    Long prefixCacheQueries,
    Long prefixCacheHits,
    Double prefixCacheHitRate,
    Long requestsSuccessTotal,
    Map<String, Long> requestsSuccessByReason,
    Double maxRequestsRunning,
    Double maxRequestsWaiting,
    Double maxKvCacheUsagePerc,
    Map<String, LatencyWindow> latency,
    List<CounterReset> counterResets) {

  /** How the figures were made; goes into the summary next to them. */
  public static final String QUANTILE_NOTE = "Server-side percentiles are estimates from the Prometheus "
      + "histogram buckets (difference of the bucket counters between the first and the last scrape, "
      + "linear interpolation inside the bucket like histogram_quantile): the true value lies between "
      + "the edges of that bucket. When the percentile falls in the last finite bucket its upper edge is "
      + "reported; when it falls in the +Inf bucket it is null.";

  /**
   * One latency histogram over the window, in milliseconds.
   *
   * @param metric the vLLM histogram family it comes from (seconds on the wire)
   * @param count  observations in the window
   */
  public record LatencyWindow(String metric, long count, Double mean, Double p50, Double p90, Double p95,
                Double p99) {

    static LatencyWindow of(String metric, CumulativeHistogram window) {
      long count = Math.round(window.total());
      if (count <= 0) {
        return new LatencyWindow(metric, 0, null, null, null, null, null);
      }
      Double mean = window.count() > 0 ? ms(window.sum() / window.count()) : null;
      return new LatencyWindow(metric, count, mean, ms(window.quantile(0.50)), ms(window.quantile(0.90)),
          ms(window.quantile(0.95)), ms(window.quantile(0.99)));
    }

    private static Double ms(Double seconds) {
      return seconds == null ? null : Math.round(seconds * 1_000_000.0) / 1000.0;
    }

    Map<String, Object> asMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("metric", metric);
      m.put("count", count);
      m.put("mean", mean);
      m.put("p50", p50);
      m.put("p90", p90);
      m.put("p95", p95);
      m.put("p99", p99);
      return m;
    }
  }

  /** A restart seen on one URL: a counter went down (or a series' creation time changed). */
  public record CounterReset(int urlIndex, long timeMs, String detail) {
    Map<String, Object> asMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("url_index", urlIndex);
      m.put("time_ms", timeMs);
      m.put("detail", detail);
      return m;
    }
  }

  public ServerWindow {
    requestsSuccessByReason = requestsSuccessByReason == null ? null
        : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requestsSuccessByReason));
    latency = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(latency));
    counterResets = List.copyOf(counterResets);
  }

  /** The window of a run without scraping ({@code llm.server_metrics_url=off}). */
  public static ServerWindow disabled() {
    Map<String, LatencyWindow> latency = new LinkedHashMap<>();
    return new ServerWindow(false, 0, 0, 0, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, latency, List.of());
  }

  /** The snake_case tree for llm-summary.json (plain maps, lists, numbers, nulls). */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", enabled);
    m.put("urls", urls);
    m.put("scrapes_ok", scrapesOk);
    m.put("scrapes_failed", scrapesFailed);
    m.put("last_failure", lastFailure);
    Map<String, Object> window = new LinkedHashMap<>();
    window.put("start_ms", startMs);
    window.put("end_ms", endMs);
    window.put("duration_s", durationS);
    m.put("window", window);
    m.put("prompt_tokens", promptTokens);
    m.put("generation_tokens", generationTokens);
    m.put("prompt_tokens_per_s", promptTokensPerS);
    m.put("generation_tokens_per_s", generationTokensPerS);
    m.put("preemptions", preemptions);
    m.put("prefix_cache_queries", prefixCacheQueries);
    m.put("prefix_cache_hits", prefixCacheHits);
    m.put("prefix_cache_hit_rate", prefixCacheHitRate);
    m.put("requests_success_total", requestsSuccessTotal);
    m.put("requests_success_by_reason", requestsSuccessByReason);
    m.put("max_requests_running", maxRequestsRunning);
    m.put("max_requests_waiting", maxRequestsWaiting);
    m.put("max_kv_cache_usage_perc", maxKvCacheUsagePerc);
    Map<String, Object> lat = new LinkedHashMap<>();
    for (Map.Entry<String, LatencyWindow> e : latency.entrySet()) {
      lat.put(e.getKey(), e.getValue() == null ? null : e.getValue().asMap());
    }
    m.put("latency", lat);
    List<Object> resets = new ArrayList<>();
    for (CounterReset r : counterResets) {
      resets.add(r.asMap());
    }
    m.put("counter_resets", resets);
    m.put("quantile_note", QUANTILE_NOTE);
    return m;
  }
}
