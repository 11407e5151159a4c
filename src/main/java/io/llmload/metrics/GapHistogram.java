package io.llmload.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Every inter-token gap of a group (millions in a long run) in constant memory. Gaps are whole
 * milliseconds; HdrHistogram with 3 significant digits stores values below 2048 ms exactly, larger
 * ones within 0.1%. Percentiles follow the same nearest-rank rule as {@link Distribution}.
 */
public final class GapHistogram {
  private final Histogram histogram = new Histogram(3);

  public void add(int[] gapsMs) {
    for (int gap : gapsMs) {
      histogram.recordValue(Math.max(0, gap));
    }
  }

  public long count() {
    return histogram.getTotalCount();
  }

  public Map<String, Object> summary() {
    Map<String, Object> out = new LinkedHashMap<>();
    long n = histogram.getTotalCount();
    out.put("count", n);
    for (double p : Percentiles.REPORTED) {
      out.put(Percentiles.key(p), n == 0 ? null : (double) histogram.getValueAtPercentile(p));
    }
    out.put("mean", n == 0 ? null : Percentiles.round(histogram.getMean()));
    out.put("max", n == 0 ? null : (double) histogram.getMaxValue());
    return out;
  }
}
