package io.llmload.servermetrics;

import static io.llmload.servermetrics.VllmMetrics.GENERATION_TOKENS;
import static io.llmload.servermetrics.VllmMetrics.KV_CACHE_USAGE;
import static io.llmload.servermetrics.VllmMetrics.PREEMPTIONS;
import static io.llmload.servermetrics.VllmMetrics.PREFIX_CACHE_HITS;
import static io.llmload.servermetrics.VllmMetrics.PREFIX_CACHE_QUERIES;
import static io.llmload.servermetrics.VllmMetrics.PROMPT_TOKENS;
import static io.llmload.servermetrics.VllmMetrics.REQUESTS_RUNNING;
import static io.llmload.servermetrics.VllmMetrics.REQUESTS_WAITING;
import static io.llmload.servermetrics.VllmMetrics.REQUEST_SUCCESS;

import io.llmload.run.ServerMetricsRow;

/** Computes a row of server-metrics.csv from two successive scrapes of one URL. */
final class ScrapeRows {
  private ScrapeRows() {
  }

  /** The row of {@code current}, rates against {@code previous} (same URL, may be null). */
  static ServerMetricsRow of(Scrape previous, Scrape current) {
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
}
