package io.llmload.servermetrics;

import io.llmload.metrics.Numbers;
import static io.llmload.servermetrics.VllmMetrics.GENERATION_TOKENS;
import static io.llmload.servermetrics.VllmMetrics.KV_CACHE_USAGE;
import static io.llmload.servermetrics.VllmMetrics.PREEMPTIONS;
import static io.llmload.servermetrics.VllmMetrics.PREFIX_CACHE_HITS;
import static io.llmload.servermetrics.VllmMetrics.PREFIX_CACHE_QUERIES;
import static io.llmload.servermetrics.VllmMetrics.PROMPT_TOKENS;
import static io.llmload.servermetrics.VllmMetrics.REQUESTS_RUNNING;
import static io.llmload.servermetrics.VllmMetrics.REQUESTS_WAITING;
import static io.llmload.servermetrics.VllmMetrics.REQUEST_SUCCESS;

/**
 * One row of server-metrics.csv: one scrape of one URL. Gauges and counters are summed over label
 * sets (engines, models), except the KV-cache usage, a fraction, which is the maximum over engines.
 * Rates compare with the previous successful scrape of the same URL; they are {@code null} (an empty
 * cell) on the first scrape, when a series is missing, and when a counter reset was detected.
 */
public record ServerMetricsRow(
    long timeMs,
    int urlIndex,
    Double requestsRunning,
    Double requestsWaiting,
    Double kvCacheUsagePerc,
    Double promptTokensPerS,
    Double generationTokensPerS,
    Double preemptionsTotal,
    Double preemptionsPerS,
    Double prefixCacheHitRate,
    Double requestsSuccessTotal,
    boolean scrapeOk,
    boolean counterReset) {

  public static final String HEADER = "time_ms,url_index,requests_running,requests_waiting,kv_cache_usage_perc,"
      + "prompt_tokens_per_s,generation_tokens_per_s,preemptions_total,preemptions_per_s,"
      + "prefix_cache_hit_rate,requests_success_total,scrape_ok,counter_reset";

  /** The row of a failed scrape: every figure unknown. */
  public static ServerMetricsRow failed(long timeMs, int urlIndex) {
    return new ServerMetricsRow(timeMs, urlIndex, null, null, null, null, null, null, null, null, null,
        false, false);
  }

  /** The row of {@code current}, rates against {@code previous} (same URL, may be null). */
  public static ServerMetricsRow of(Scrape previous, Scrape current) {
    MetricsSnapshot cur = current.snapshot();
    boolean reset = previous != null && CounterResets.detect(previous.snapshot(), cur) != null;
    MetricsSnapshot prev = previous == null || reset ? null : previous.snapshot();
    long dtMs = previous == null ? 0 : current.timeMs() - previous.timeMs();
    Double hitRate = null;
    if (prev != null) {
      Double dq = delta(prev, cur, PREFIX_CACHE_QUERIES);
      Double dh = delta(prev, cur, PREFIX_CACHE_HITS);
      if (dq != null && dh != null && dq > 0) {
        hitRate = dh / dq;
      }
    }
    return new ServerMetricsRow(
        current.timeMs(),
        current.urlIndex(),
        cur.sum(REQUESTS_RUNNING),
        cur.sum(REQUESTS_WAITING),
        cur.max(KV_CACHE_USAGE),
        rate(prev, cur, PROMPT_TOKENS, dtMs),
        rate(prev, cur, GENERATION_TOKENS, dtMs),
        cur.sum(PREEMPTIONS),
        rate(prev, cur, PREEMPTIONS, dtMs),
        hitRate,
        cur.sum(REQUEST_SUCCESS),
        true,
        reset);
  }

  private static Double delta(MetricsSnapshot prev, MetricsSnapshot cur, String name) {
    Double a = prev.sum(name);
    Double b = cur.sum(name);
    return a == null || b == null ? null : b - a;
  }

  private static Double rate(MetricsSnapshot prev, MetricsSnapshot cur, String name, long dtMs) {
    if (prev == null || dtMs <= 0) {
      return null;
    }
    Double d = delta(prev, cur, name);
    return d == null ? null : d * 1000.0 / dtMs;
  }

  public String toCsv() {
    return timeMs + "," + urlIndex + ","
        + Numbers.rounded(requestsRunning, 3, "") + ","
        + Numbers.rounded(requestsWaiting, 3, "") + ","
        + Numbers.rounded(kvCacheUsagePerc, 6, "") + ","
        + Numbers.rounded(promptTokensPerS, 3, "") + ","
        + Numbers.rounded(generationTokensPerS, 3, "") + ","
        + Numbers.rounded(preemptionsTotal, 3, "") + ","
        + Numbers.rounded(preemptionsPerS, 3, "") + ","
        + Numbers.rounded(prefixCacheHitRate, 6, "") + ","
        + Numbers.rounded(requestsSuccessTotal, 3, "") + ","
        + scrapeOk + "," + counterReset;
  }
}
