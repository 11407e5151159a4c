package io.llmload.report;

import io.llmload.run.ServerMetricsRow;
import io.llmload.run.CallRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The over-time charts. Time is seconds since the first call started (or the first server scrape, if
 * earlier), in buckets of one second, widened to whole seconds so no series exceeds
 * {@link ChartData#MAX_POINTS} buckets.
 */
final class Timeline {
  private Timeline() {
  }

  /** Bucket layout shared by every over-time chart of one run. */
  record Buckets(long t0, long widthMs, int count) {
    int index(long t) {
      long i = Math.floorDiv(t - t0, widthMs);
      return (int) Math.max(0, Math.min(count - 1, i));
    }

    double[] xSeconds() {
      double[] x = new double[count];
      for (int i = 0; i < count; i++) {
        x[i] = i * widthMs / 1000.0;
      }
      return x;
    }
  }

  static Buckets buckets(long start, long end, int maxBuckets) {
    long spanS = Math.max(1, (long) Math.ceil((end - start) / 1000.0));
    long widthS = Math.max(1, (long) Math.ceil((double) spanS / maxBuckets));
    int count = (int) Math.max(1, (long) Math.ceil((double) spanS / widthS));
    return new Buckets(start, widthS * 1000, count);
  }

  static List<Map<String, Object>> charts(ChartInputs data) {
    String activeTitle = "Active streams (client: calls between start and end of stream)";
    String tokensTitle = "Output tokens/s: client (from calls) vs server generation tokens/s";
    String queueTitle = "Server requests running and waiting";
    String kvTitle = "Server KV cache usage";
    List<CallRow> timed = new ArrayList<>();
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    for (CallRow c : data.calls) {
      start = Math.min(start, c.startMs());
      end = Math.max(end, c.startMs() + (c.e2eMs() == null ? 0 : c.e2eMs().longValue()));
      if (c.e2eMs() != null) {
        timed.add(c);
      }
    }
    boolean hasServer = data.server != null && !data.server.isEmpty();
    if (hasServer) {
      for (ServerMetricsRow s : data.server) {
        start = Math.min(start, s.timeMs());
        end = Math.max(end, s.timeMs());
      }
    }
    List<Map<String, Object>> charts = new ArrayList<>();
    if (start == Long.MAX_VALUE) {
      String why = "llm-calls.csv has no timed calls and server-metrics.csv is absent";
      charts.add(ChartData.noData("active_streams", activeTitle, why));
      charts.add(ChartData.noData("tokens_per_s", tokensTitle, why));
      charts.add(ChartData.noData("server_queue", queueTitle, why));
      charts.add(ChartData.noData("kv_cache", kvTitle, why));
      return charts;
    }
    Buckets b = buckets(start, end, ChartData.MAX_POINTS);
    String xLabel = "time since start (s)" + (b.widthMs() > 1000 ? ", " + b.widthMs() / 1000 + " s buckets" : "");
    double[] x = b.xSeconds();

    if (timed.isEmpty()) {
      charts.add(ChartData.noData("active_streams", activeTitle, "no call in llm-calls.csv has start_ms and e2e_ms"));
    } else {
      Map<String, Object> c = ChartData.chart("active_streams", activeTitle, "time", xLabel, "streams");
      c.put("x", x);
      c.put("series", List.of(ChartData.series("mean active", round(activeMean(timed, b), 2)),
          ChartData.series("peak active", toDouble(activePeak(timed, b)))));
      charts.add(c);
    }

    List<Object> tokenSeries = new ArrayList<>();
    double[] client = clientOutputTokensPerS(data.calls, b);
    if (client != null) {
      tokenSeries.add(ChartData.series("client output tok/s", round(client, 1)));
    }
    Double[] serverGen = hasServer ? serverSum(data.server, b, ServerMetricsRow::generationTokensPerS) : null;
    if (serverGen != null) {
      tokenSeries.add(ChartData.series("server generation tok/s", round(serverGen, 1)));
    }
    if (tokenSeries.isEmpty()) {
      charts.add(ChartData.noData("tokens_per_s", tokensTitle,
          "no ok call with ttft_ms, e2e_ms and output_tokens, and no server generation_tokens_per_s"));
    } else {
      Map<String, Object> c = ChartData.chart("tokens_per_s", tokensTitle, "time", xLabel, "tokens/s");
      c.put("x", x);
      c.put("series", tokenSeries);
      c.put("note", "client: each ok call's output tokens spread evenly over [start+TTFT, start+E2E]"
          + (serverGen == null ? "; server: " + (hasServer ? "no generation_tokens_per_s values"
          : "server-metrics.csv is absent") : "; server: sum over scraped servers"));
      charts.add(c);
    }

    String noServer = "server-metrics.csv is absent (external server without /metrics, or scraping off)";
    if (!hasServer) {
      charts.add(ChartData.noData("server_queue", queueTitle, noServer));
      charts.add(ChartData.noData("kv_cache", kvTitle, noServer));
      return charts;
    }
    Double[] running = serverSum(data.server, b, ServerMetricsRow::requestsRunning);
    Double[] waiting = serverSum(data.server, b, ServerMetricsRow::requestsWaiting);
    if (running == null && waiting == null) {
      charts.add(ChartData.noData("server_queue", queueTitle, "server-metrics.csv has no requests_running/waiting values"));
    } else {
      Map<String, Object> c = ChartData.chart("server_queue", queueTitle, "time", xLabel, "requests");
      c.put("x", x);
      List<Object> s = new ArrayList<>();
      if (running != null) {
        s.add(ChartData.series("running", round(running, 2)));
      }
      if (waiting != null) {
        s.add(ChartData.series("waiting", round(waiting, 2)));
      }
      c.put("series", s);
      charts.add(c);
    }
    Map<Integer, List<ServerMetricsRow>> byUrl = new TreeMap<>();
    for (ServerMetricsRow s : data.server) {
      byUrl.computeIfAbsent(s.urlIndex(), k -> new ArrayList<>()).add(s);
    }
    List<Object> kv = new ArrayList<>();
    for (Map.Entry<Integer, List<ServerMetricsRow>> e : byUrl.entrySet()) {
      Double[] usage = serverSum(e.getValue(), b, ServerMetricsRow::kvCacheUsagePerc);
      if (usage != null) {
        for (int i = 0; i < usage.length; i++) {
          usage[i] = usage[i] == null ? null : usage[i] * 100.0;
        }
        kv.add(ChartData.series(byUrl.size() == 1 ? "KV cache usage %" : "server " + e.getKey() + " KV %",
            round(usage, 2)));
      }
    }
    if (kv.isEmpty()) {
      charts.add(ChartData.noData("kv_cache", kvTitle, "server-metrics.csv has no kv_cache_usage_perc values"));
    } else {
      Map<String, Object> c = ChartData.chart("kv_cache", kvTitle, "time", xLabel, "% of KV cache");
      c.put("x", x);
      c.put("series", kv);
      charts.add(c);
    }
    return charts;
  }

  /** Time-weighted mean of active calls per bucket: a call is active in [start, start + e2e]. */
  static double[] activeMean(List<CallRow> calls, Buckets b) {
    double[] busyMs = new double[b.count()];
    for (CallRow c : calls) {
      long s = c.startMs();
      long e = s + c.e2eMs().longValue();
      spread(busyMs, b, s, e, e - s);
    }
    for (int i = 0; i < busyMs.length; i++) {
      busyMs[i] /= b.widthMs();
    }
    return busyMs;
  }

  /** Highest number of simultaneously active calls reached within each bucket (sweep over start/end events). */
  static int[] activePeak(List<CallRow> calls, Buckets b) {
    long[][] events = new long[calls.size() * 2][];
    int n = 0;
    for (CallRow c : calls) {
      events[n++] = new long[] {c.startMs(), +1};
      events[n++] = new long[] {c.startMs() + c.e2eMs().longValue(), -1};
    }
    // at equal stamps, ends before starts: back-to-back calls are not counted as overlapping
    Arrays.sort(events, (p, q) -> p[0] != q[0] ? Long.compare(p[0], q[0]) : Long.compare(p[1], q[1]));
    int[] peak = new int[b.count()];
    int active = 0;
    int bucket = 0;
    for (long[] ev : events) {
      int idx = b.index(ev[0]);
      while (bucket < idx) { // buckets with no event keep the count carried into them
        bucket++;
        peak[bucket] = Math.max(peak[bucket], active);
      }
      active += (int) ev[1];
      peak[idx] = Math.max(peak[idx], active);
    }
    return peak;
  }

  /** Each ok call's output tokens spread uniformly over [start+ttft, start+e2e], per second. Null if no such call. */
  static double[] clientOutputTokensPerS(List<CallRow> calls, Buckets b) {
    double[] tokens = new double[b.count()];
    boolean any = false;
    for (CallRow c : calls) {
      if (!c.ok() || c.ttftMs() == null || c.e2eMs() == null || c.outputTokens() == null) {
        continue;
      }
      any = true;
      long s = c.startMs() + c.ttftMs().longValue();
      long e = c.startMs() + c.e2eMs().longValue();
      spread(tokens, b, s, e, c.outputTokens());
    }
    if (!any) {
      return null;
    }
    double seconds = b.widthMs() / 1000.0;
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] /= seconds;
    }
    return tokens;
  }

  /** Adds {@code amount} to the buckets overlapping [s, e], in proportion to the overlap; all of it at s when e <= s. */
  static void spread(double[] into, Buckets b, long s, long e, double amount) {
    if (e <= s) {
      into[b.index(s)] += amount;
      return;
    }
    double perMs = amount / (e - s);
    int first = b.index(s);
    int last = b.index(e - 1);
    for (int i = first; i <= last; i++) {
      long bs = b.t0() + i * b.widthMs();
      long be = bs + b.widthMs();
      if (i == 0) {
        bs = Math.min(bs, s);
      }
      if (i == b.count() - 1) {
        be = Math.max(be, e);
      }
      long overlap = Math.min(e, be) - Math.max(s, bs);
      if (overlap > 0) {
        into[i] += overlap * perMs;
      }
    }
  }

  /**
   * Per bucket: the mean of each server's samples in the bucket, summed over servers (url_index).
   * Buckets without a sample are null (drawn as a gap). Null when no sample has the value at all.
   */
  static Double[] serverSum(List<ServerMetricsRow> samples, Buckets b,
      java.util.function.Function<ServerMetricsRow, Double> field) {
    Map<Integer, double[][]> perUrl = new TreeMap<>(); // url -> {sum[], count[]}
    boolean any = false;
    for (ServerMetricsRow s : samples) {
      Double v = field.apply(s);
      if (v == null) {
        continue;
      }
      any = true;
      double[][] acc = perUrl.computeIfAbsent(s.urlIndex(), k -> new double[][] {new double[b.count()], new double[b.count()]});
      int i = b.index(s.timeMs());
      acc[0][i] += v;
      acc[1][i]++;
    }
    if (!any) {
      return null;
    }
    Double[] out = new Double[b.count()];
    for (double[][] acc : perUrl.values()) {
      for (int i = 0; i < out.length; i++) {
        if (acc[1][i] > 0) {
          out[i] = (out[i] == null ? 0 : out[i]) + acc[0][i] / acc[1][i];
        }
      }
    }
    return out;
  }

  private static double[] round(double[] v, int decimals) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = ChartData.round(v[i], decimals);
    }
    return out;
  }

  private static Double[] round(Double[] v, int decimals) {
    Double[] out = new Double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] == null ? null : ChartData.round(v[i], decimals);
    }
    return out;
  }

  private static double[] toDouble(int[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }
}
