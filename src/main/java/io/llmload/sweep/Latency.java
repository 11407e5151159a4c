package io.llmload.sweep;

import io.llmload.metrics.Distribution;
import io.llmload.metrics.Numbers;
import io.llmload.metrics.Percentiles;
import java.util.LinkedHashMap;
import java.util.Map;

/** One latency figure of a level (TTFT, TPOT, …): its values, written as count and nearest-rank p50/p95/p99. */
public record Latency(Distribution values) {
  private static final double[] WRITTEN = {50, 95, 99};

  public int count() {
    return values.count();
  }

  /** The nearest-rank percentile as measured, or null without samples. */
  public Double percentile(double p) {
    return values.percentile(p);
  }

  /** The nearest-rank percentile rounded as written, or null without samples. */
  public Double rounded(double p) {
    Double v = values.percentile(p);
    return v == null ? null : Percentiles.round(v);
  }

  public Double p95() {
    return rounded(95);
  }

  Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", count());
    for (double p : WRITTEN) {
      m.put("p" + Numbers.plain(p), rounded(p));
    }
    return m;
  }
}
