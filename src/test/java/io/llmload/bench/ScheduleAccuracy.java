package io.llmload.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmload.metrics.Percentiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's figures against the schedule of a fixed-schedule server (token i of every request due at arrival +
 * TTFT + i × ITL) and against what the server says it did (/sim/stats): TTFT and ITL errors, lost events,
 * the steady window (when at least 95 % of the peak number of streams were open) and the token events the
 * client received in it, and whether every injected fault became a failed call with the right reason.
 *
 * @param calls  llm-calls.csv rows
 * @param gaps   call_id → ITL gaps in ms, from llm-itl.csv (ok calls only)
 * @param sim    GET /sim/stats with requests and faults
 */
record ScheduleAccuracy(List<Map<String, String>> calls, Map<String, int[]> gaps, JsonNode sim, double ttftMs, double itlMs) {
  /** The bar: reported TTFT and ITL within 2 ms of the schedule at p50, within 5 ms at p99. */
  static final double P50_TOLERANCE_MS = 2;
  static final double P99_TOLERANCE_MS = 5;

  /** Ok calls the server did not fault (a stream with a recoverable invalid event is still faulted). */
  List<Map<String, String>> cleanCalls() {
    var faulted = faultsById().keySet();
    return calls.stream().filter(c -> "true".equals(c.get("ok")) && !faulted.contains(c.get("response_id"))).toList();
  }

  Map<String, String> faultsById() {
    Map<String, String> out = new HashMap<>();
    sim.path("faults").forEach(f -> out.put(f.path("id").asText(), f.path("kind").asText()));
    return out;
  }

  /** Reported TTFT of clean calls: nearest-rank p50, p99, max. */
  double[] ttft() {
    return quantiles(cleanCalls().stream().mapToDouble(c -> Double.parseDouble(c.get("ttft_ms"))).toArray());
  }

  /** Client TTFT − the server's own TTFT for the same response (clean calls): what the client adds. */
  double[] ttftMinusServer() {
    Map<String, Double> server = new HashMap<>();
    sim.path("requests").forEach(r -> {
      if (!r.path("ttft_ms").isNull()) {
        server.put(r.path("id").asText(), r.path("ttft_ms").asDouble());
      }
    });
    return quantiles(cleanCalls().stream().filter(c -> server.containsKey(c.get("response_id")))
        .mapToDouble(c -> Double.parseDouble(c.get("ttft_ms")) - server.get(c.get("response_id"))).toArray());
  }

  /** Reported ITL gaps of clean calls, pooled: p50, p99, max. */
  double[] itl() {
    int total = 0;
    List<int[]> all = new ArrayList<>();
    for (var c : cleanCalls()) {
      int[] g = gaps.getOrDefault(c.get("call_id"), new int[0]);
      all.add(g);
      total += g.length;
    }
    double[] pooled = new double[total];
    int i = 0;
    for (int[] g : all) {
      for (int v : g) {
        pooled[i++] = v;
      }
    }
    return quantiles(pooled);
  }

  /** Token events the server sent to clean calls minus the events the client counted for them. */
  long lostEvents() {
    Map<String, Integer> sent = new HashMap<>();
    sim.path("requests").forEach(r -> sent.put(r.path("id").asText(), r.path("tokens").asInt()));
    long lost = 0;
    for (var c : cleanCalls()) {
      lost += sent.getOrDefault(c.get("response_id"), 0) - Long.parseLong(c.get("token_events"));
    }
    return lost;
  }

  boolean holds() {
    double[] t = ttft();
    double[] g = itl();
    return !cleanCalls().isEmpty() && lostEvents() == 0
        && Math.abs(t[0] - ttftMs) <= P50_TOLERANCE_MS && Math.abs(t[1] - ttftMs) <= P99_TOLERANCE_MS
        && Math.abs(g[0] - itlMs) <= P50_TOLERANCE_MS && Math.abs(g[1] - itlMs) <= P99_TOLERANCE_MS;
  }

  /** [from, to] epoch ms in which at least 95 % of the peak number of ok streams were receiving tokens. */
  long[] steadyWindow() {
    List<long[]> edges = new ArrayList<>();
    for (var c : calls) {
      if ("true".equals(c.get("ok"))) {
        long start = Long.parseLong(c.get("start_ms"));
        edges.add(new long[] {start + Long.parseLong(c.get("ttft_ms")), 1});
        edges.add(new long[] {start + Long.parseLong(c.get("e2e_ms")), -1});
      }
    }
    edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int open = 0;
    int peak = 0;
    for (long[] e : edges) {
      open += (int) e[1];
      peak = Math.max(peak, open);
    }
    long from = -1;
    long to = -1;
    open = 0;
    for (long[] e : edges) {
      open += (int) e[1];
      if (open >= 0.95 * peak) {
        from = from < 0 ? e[0] : from;
        to = -1;
      } else if (from >= 0 && to < 0) {
        to = e[0];
      }
    }
    return new long[] {from, to < 0 ? from : to};
  }

  /** Token events the client stamped within [fromMs, toMs] (ok calls; times rebuilt from TTFT and the gaps). */
  long eventsBetween(long fromMs, long toMs) {
    long n = 0;
    for (var c : calls) {
      if (!"true".equals(c.get("ok"))) {
        continue;
      }
      long t = Long.parseLong(c.get("start_ms")) + Long.parseLong(c.get("ttft_ms"));
      if (t >= fromMs && t <= toMs) {
        n++;
      }
      for (int g : gaps.getOrDefault(c.get("call_id"), new int[0])) {
        t += g;
        if (t >= fromMs && t <= toMs) {
          n++;
        }
      }
    }
    return n;
  }

  long allEvents() {
    return calls.stream().mapToLong(c -> Long.parseLong(c.get("token_events"))).sum();
  }

  /**
   * Injected faults against the failed calls: mid-stream faults matched by response id must carry the reason
   * of their kind; pre-stream faults (HTTP errors) are matched by count of status; every other failure is
   * unexplained. Returns the problems found (empty = every fault classified).
   */
  List<String> faultProblems() {
    List<String> problems = new ArrayList<>();
    Map<String, String> faults = faultsById();
    Map<String, Long> preStream = new LinkedHashMap<>();
    sim.path("faults").forEach(f -> {
      String status = switch (f.path("kind").asText()) {
        case "http500" -> "500";
        case "http429" -> "429";
        case "http503" -> "503";
        case "context400" -> "400";
        default -> null;
      };
      if (status != null) {
        preStream.merge(status, 1L, Long::sum);
      }
    });
    for (var c : calls) {
      String kind = faults.get(c.get("response_id"));
      String error = c.get("error") == null ? "" : c.get("error");
      boolean ok = "true".equals(c.get("ok"));
      if (kind == null) {
        // a failed call without a mid-stream fault must be one of the HTTP errors counted below
        if (!ok && !preStream.containsKey(c.get("http_status"))) {
          problems.add("call " + c.get("call_id") + " failed without a fault: " + error);
        }
        continue;
      }
      String expected = switch (kind) {
        case "midstream_error" -> "error event mid-stream: ";
        case "invalid_json" -> "event is not valid JSON";
        case "stall" -> "no event for ";
        case "cut" -> "(connection cut mid-stream|stream ended without \\[DONE\\]).*";
        default -> null;
      };
      if (ok) {
        problems.add("call " + c.get("call_id") + " with fault " + kind + " reported ok");
      } else if (expected != null && !(error.startsWith(expected) || error.matches(expected))) {
        problems.add("call " + c.get("call_id") + " with fault " + kind + " has reason: " + error);
      }
    }
    preStream.forEach((status, n) -> {
      long reported = calls.stream().filter(c -> status.equals(c.get("http_status")) && "false".equals(c.get("ok"))).count();
      if (reported != n) {
        problems.add(n + " HTTP " + status + " faults injected, " + reported + " calls failed with it");
      }
    });
    return problems;
  }

  /** Nearest-rank p50, p99 and max; NaN without samples. */
  static double[] quantiles(double[] values) {
    if (values.length == 0) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
    double[] s = values.clone();
    Arrays.sort(s);
    return new double[] {Percentiles.nearestRank(s, 50), Percentiles.nearestRank(s, 99), s[s.length - 1]};
  }
}
