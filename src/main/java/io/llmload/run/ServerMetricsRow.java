package io.llmload.run;

import io.llmload.metrics.Numbers;

/**
 * One row of server-metrics.csv: one scrape of one URL, as servermetrics writes it (ScrapeRows computes it)
 * and {@link RunFolder} reads it back. Gauges and counters are summed over label
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
