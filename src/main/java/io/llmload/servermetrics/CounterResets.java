package io.llmload.servermetrics;

import java.util.Map;

/**
 * Detects a server restart between two scrapes of the same URL: some counter (or histogram
 * bucket/sum/count) went down, or a prometheus_client {@code *_created} timestamp changed.
 */
final class CounterResets {
  private CounterResets() {
  }

  /** A short description of the first series that shows a reset, or {@code null} when none does. */
  static String detect(MetricsSnapshot earlier, MetricsSnapshot later) {
    Map<String, Double> before = earlier.monotonicSeries();
    for (Map.Entry<String, Double> e : later.monotonicSeries().entrySet()) {
      Double old = before.get(e.getKey());
      if (old != null && e.getValue() < old) {
        return e.getKey() + " went from " + PrometheusNumbers.raw(old) + " to " + PrometheusNumbers.raw(e.getValue());
      }
    }
    Map<String, Double> createdBefore = earlier.createdSeries();
    for (Map.Entry<String, Double> e : later.createdSeries().entrySet()) {
      Double old = createdBefore.get(e.getKey());
      if (old != null && !old.equals(e.getValue())) {
        return e.getKey() + " changed from " + PrometheusNumbers.raw(old) + " to " + PrometheusNumbers.raw(e.getValue());
      }
    }
    return null;
  }
}
