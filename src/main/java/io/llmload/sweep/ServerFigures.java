package io.llmload.sweep;

import io.llmload.metrics.Percentiles;
import io.llmload.run.ServerMetricsRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The server during a level: scrapes inside [from, to); running/waiting mean and max summed over replicas,
 * KV cache usage mean and max (the fullest replica), preemptions = increase of the counter (needs two scrapes
 * of a replica). Every figure is null when no scrape had it; without scrapes only {@code scrapes} is written.
 */
public record ServerFigures(int scrapes, Double requestsRunningMean, Double requestsRunningMax,
                            Double requestsWaitingMean, Double requestsWaitingMax, Double kvCacheUsageMean,
                            Double kvCacheUsageMax, Double preemptions) {

  static ServerFigures of(List<ServerMetricsRow> rows, long from, long to) {
    Map<Integer, List<ServerMetricsRow>> byUrl = new LinkedHashMap<>();
    for (ServerMetricsRow r : rows) {
      if (r.timeMs() >= from && r.timeMs() < to) {
        byUrl.computeIfAbsent(r.urlIndex(), u -> new ArrayList<>()).add(r);
      }
    }
    int scrapes = byUrl.values().stream().mapToInt(List::size).sum();
    Double runningMean = null;
    Double runningMax = null;
    Double waitingMean = null;
    Double waitingMax = null;
    Double kvMean = null;
    Double kvMax = null;
    Double preemptions = null;
    for (List<ServerMetricsRow> url : byUrl.values()) {
      runningMean = add(runningMean, mean(url, ServerMetricsRow::requestsRunning));
      runningMax = add(runningMax, max(url, ServerMetricsRow::requestsRunning));
      waitingMean = add(waitingMean, mean(url, ServerMetricsRow::requestsWaiting));
      waitingMax = add(waitingMax, max(url, ServerMetricsRow::requestsWaiting));
      kvMean = larger(kvMean, mean(url, ServerMetricsRow::kvCacheUsagePerc));
      kvMax = larger(kvMax, max(url, ServerMetricsRow::kvCacheUsagePerc));
      Double first = null;
      Double last = null;
      for (ServerMetricsRow r : url) {
        if (r.preemptionsTotal() != null) {
          first = first == null ? r.preemptionsTotal() : first;
          last = r.preemptionsTotal();
        }
      }
      if (first != null && url.size() >= 2) {
        preemptions = add(preemptions, Math.max(0, last - first));
      }
    }
    return new ServerFigures(scrapes, round(runningMean), round(runningMax), round(waitingMean), round(waitingMax),
        round(kvMean), round(kvMax), round(preemptions));
  }

  Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scrapes", scrapes);
    if (scrapes == 0) {
      return m;
    }
    m.put("requests_running_mean", requestsRunningMean);
    m.put("requests_running_max", requestsRunningMax);
    m.put("requests_waiting_mean", requestsWaitingMean);
    m.put("requests_waiting_max", requestsWaitingMax);
    m.put("kv_cache_usage_mean", kvCacheUsageMean);
    m.put("kv_cache_usage_max", kvCacheUsageMax);
    m.put("preemptions", preemptions);
    return m;
  }

  private static Double round(Double v) {
    return v == null ? null : Percentiles.round(v);
  }

  private static Double add(Double a, Double b) {
    return b == null ? a : a == null ? b : a + b;
  }

  private static Double larger(Double a, Double b) {
    return b == null ? a : a == null ? b : Math.max(a, b);
  }

  private static Double mean(List<ServerMetricsRow> rows, Function<ServerMetricsRow, Double> f) {
    double sum = 0;
    int n = 0;
    for (ServerMetricsRow r : rows) {
      Double v = f.apply(r);
      if (v != null) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? null : sum / n;
  }

  private static Double max(List<ServerMetricsRow> rows, Function<ServerMetricsRow, Double> f) {
    Double m = null;
    for (ServerMetricsRow r : rows) {
      Double v = f.apply(r);
      if (v != null) {
        m = m == null ? v : Math.max(m, v);
      }
    }
    return m;
  }
}
