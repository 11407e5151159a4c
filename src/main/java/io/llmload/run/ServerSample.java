package io.llmload.run;

/** One successful scrape (scrape_ok) of server-metrics.csv; null where the field is empty. */
public record ServerSample(
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
    boolean counterReset) {
}
