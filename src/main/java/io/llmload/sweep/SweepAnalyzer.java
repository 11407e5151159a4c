package io.llmload.sweep;

import io.llmload.metrics.Numbers;
import io.llmload.run.RunFiles;
import io.llmload.metrics.CallResult;
import io.llmload.metrics.Distribution;
import io.llmload.metrics.Percentiles;
import io.llmload.run.RunFolder;
import io.llmload.run.ServerMetricsRow;
import io.llmload.metrics.SloPolicy;
import io.llmload.workload.CallSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of every level of a finished sweep, from the run folder's llm-calls.csv, llm-itl.csv and
 * server-metrics.csv, and the verdict: the knee, the throughput there, and what broke at the next level.
 *
 * <p>Per level (definitions, also written into sweep-summary.json):
 * <ul>
 *   <li>latencies, error rate and SLO attainment: the calls of the journeys tagged with the level (started
 *       in its measured window), however long they ran;</li>
 *   <li>rates (requests/s, output and total tokens/s, goodput): ok calls that ended inside the measured
 *       window ÷ the window, i.e. what the server delivered while it held this load;</li>
 *   <li>achieved concurrency: calls in flight, time-averaged over the measured window (any tag);</li>
 *   <li>server: scrapes of server-metrics.csv whose time_ms falls inside the measured window.</li>
 * </ul>
 * A level meets the SLOs when each objective holds at llm.slo.percentile over its ok calls and its error
 * rate is at most llm.sweep.maxErrorRate. Without llm.slo.*, only the error rate decides.
 */
public final class SweepAnalyzer {
  private static final String[] OBJECTIVES = {"ttftMs", "tpotMs", "e2eMs"};

  private final SweepConfig config;
  private final SweepPlan plan;
  private final SloPolicy slo;

  public SweepAnalyzer(SweepConfig config, SweepPlan plan, SloPolicy slo) {
    this.config = config;
    this.plan = plan;
    this.slo = slo;
  }

  /** One call read back from llm-calls.csv. */
  record Call(CallResult result, long endMs, Long promptTokens) {
  }

  /** The sweep-summary.json content. */
  public Map<String, Object> analyze(Path runDir, long originMs, String stopReason, int stoppedAfter) {
    RunFolder folder = RunFolder.open(runDir);
    List<Call> calls = readCalls(folder);
    Map<Long, String> tagOfCall = new HashMap<>();
    for (Call c : calls) {
      if (c.result().spec().groupTag() != null) {
        tagOfCall.put(c.result().spec().callId(), c.result().spec().groupTag());
      }
    }
    Map<String, Distribution> gaps = readGaps(folder, tagOfCall);
    List<ServerMetricsRow> server = folder.has(RunFiles.SERVER_METRICS) ? folder.serverSamples() : List.of();

    List<Map<String, Object>> levels = new ArrayList<>();
    List<KneeFinder.Outcome> outcomes = new ArrayList<>();
    for (SweepPlan.Level l : plan.levels()) {
      boolean skipped = stoppedAfter >= 0 && l.index() > stoppedAfter;
      Map<String, Object> level = skipped || originMs < 0
          ? skippedLevel(l, originMs)
          : level(l, originMs, calls, gaps.getOrDefault(l.tag(), new Distribution()), server);
      levels.add(level);
      boolean measured = "measured".equals(level.get("status"));
      outcomes.add(new KneeFinder.Outcome(l.value(), measured, Boolean.TRUE.equals(level.get("meets_slo")),
          (Double) level.get("output_tokens_per_s")));
    }
    KneeFinder.Knee knee = KneeFinder.find(outcomes);

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("schema", 1);
    out.put("mode", config.modeName());
    out.put("unit", config.unit());
    out.put("workload", switch (config.workload()) {
      case SINGLE -> "heavy";
      case AGENT -> "agent";
      case MIXED -> "mixed";
    });
    out.put("settle_s", config.settleSeconds());
    out.put("hold_s", config.holdSeconds());
    out.put("origin_ms", originMs);
    Map<String, Object> objectives = new LinkedHashMap<>();
    objectives.put("percentile", slo.percentile());
    objectives.put("limits", slo.describe());
    objectives.put("max_error_rate", config.maxErrorRate());
    out.put("objectives", objectives);
    Map<String, Object> early = new LinkedHashMap<>();
    early.put("stopped", stopReason != null);
    early.put("reason", stopReason);
    early.put("after_level", stoppedAfter < 0 ? null : plan.level(stoppedAfter).value());
    List<Double> skippedValues = new ArrayList<>();
    for (SweepPlan.Level l : plan.levels()) {
      if (stoppedAfter >= 0 && l.index() > stoppedAfter) {
        skippedValues.add(l.value());
      }
    }
    early.put("skipped_levels", skippedValues);
    out.put("early_stop", early);
    out.put("levels", levels);
    out.put("knee", knee(knee, levels));
    out.put("definitions", definitions());
    return out;
  }

  private Map<String, Object> skippedLevel(SweepPlan.Level l, long originMs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("level", l.value());
    m.put("tag", l.tag());
    m.put("status", "skipped");
    m.put("start_ms", originMs < 0 ? null : originMs + l.startMs());
    m.put("measure_start_ms", originMs < 0 ? null : originMs + l.measureStartMs());
    m.put("end_ms", originMs < 0 ? null : originMs + l.endMs());
    m.put("meets_slo", null);
    m.put("output_tokens_per_s", null);
    return m;
  }

  private Map<String, Object> level(SweepPlan.Level l, long originMs, List<Call> calls, Distribution itl,
                                    List<ServerMetricsRow> server) {
    long from = originMs + l.measureStartMs();
    long to = originMs + l.endMs();
    double holdS = l.holdMs() / 1000.0;
    Distribution ttft = new Distribution();
    Distribution ttfo = new Distribution();
    Distribution tpot = new Distribution();
    Distribution e2e = new Distribution();
    long tagged = 0;
    long failed = 0;
    long good = 0;
    List<String> errors = new ArrayList<>();
    long endedOk = 0;
    long endedGood = 0;
    long endedOutput = 0;
    long endedTotal = 0;
    double inFlightMs = 0;
    for (Call c : calls) {
      CallResult r = c.result();
      boolean meets = slo.meets(r);
      if (l.tag().equals(r.spec().groupTag())) {
        tagged++;
        if (meets) {
          good++;
        }
        if (!r.ok()) {
          failed++;
          if (errors.size() < 3 && r.error() != null && !errors.contains(r.error())) {
            errors.add(r.error());
          }
        } else {
          ttft.add(r.ttftMs());
          if (r.ttfoMs() != null) {
            ttfo.add(r.ttfoMs());
          }
          if (r.tpotMs() != null) {
            tpot.add(r.tpotMs());
          }
          e2e.add(r.e2eMs());
        }
      }
      if (r.ok() && c.endMs() >= from && c.endMs() < to) {
        endedOk++;
        endedGood += meets ? 1 : 0;
        endedOutput += r.outputTokens();
        endedTotal += r.outputTokens() + (c.promptTokens() == null ? r.spec().inputTokens() : c.promptTokens());
      }
      long overlap = Math.min(c.endMs(), to) - Math.max(r.startMs(), from);
      if (overlap > 0) {
        inFlightMs += overlap;
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("level", l.value());
    m.put("tag", l.tag());
    m.put("status", tagged == 0 ? "no_calls" : "measured");
    m.put("start_ms", originMs + l.startMs());
    m.put("measure_start_ms", from);
    m.put("end_ms", to);
    m.put("calls", tagged);
    m.put("ok", tagged - failed);
    m.put("failed", failed);
    Double errorRate = tagged == 0 ? null : Percentiles.round((double) failed / tagged);
    m.put("error_rate", errorRate);
    m.put("sample_errors", errors);
    m.put("achieved_concurrency", Percentiles.round(inFlightMs / l.holdMs()));
    m.put("requests_per_s", Percentiles.round(endedOk / holdS));
    m.put("output_tokens_per_s", Percentiles.round(endedOutput / holdS));
    m.put("total_tokens_per_s", Percentiles.round(endedTotal / holdS));
    m.put("goodput_per_s", Percentiles.round(endedGood / holdS));
    m.put("slo_attainment", tagged == 0 ? null : Percentiles.round((double) good / tagged));
    m.put("ttft_ms", pcts(ttft));
    m.put("ttfo_ms", pcts(ttfo));
    m.put("tpot_ms", pcts(tpot));
    m.put("itl_ms", pcts(itl));
    m.put("e2e_ms", pcts(e2e));
    m.put("server", server(server, from, to));

    List<Map<String, Object>> broken = new ArrayList<>();
    Map<String, Double> limits = slo.limitsFor(l.tag());
    Map<String, Object> checks = new LinkedHashMap<>();
    for (String objective : OBJECTIVES) {
      Double limit = limits.get(objective);
      if (limit == null) {
        continue;
      }
      Distribution d = switch (objective) {
        case "ttftMs" -> ttft;
        case "tpotMs" -> tpot;
        default -> e2e;
      };
      String name = objective.replace("Ms", "");
      Double value = d.percentile(slo.percentile());
      boolean met = value != null && value <= limit;
      checks.put(name + "_p" + Numbers.plain(slo.percentile()) + "_ms", value == null ? null : Percentiles.round(value));
      checks.put(name + "_limit_ms", limit);
      checks.put(name + "_met", met);
      if (!met) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("objective", name);
        b.put("percentile", slo.percentile());
        b.put("value_ms", value == null ? null : Percentiles.round(value));
        b.put("limit_ms", limit);
        b.put("ratio", value == null ? null : Percentiles.round(value / limit));
        broken.add(b);
      }
    }
    boolean errorsMet = errorRate != null && errorRate <= config.maxErrorRate();
    checks.put("error_rate_met", errorsMet);
    if (!errorsMet && errorRate != null) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("objective", "errors");
      b.put("value", errorRate);
      b.put("limit", config.maxErrorRate());
      b.put("ratio", config.maxErrorRate() == 0 ? null : Percentiles.round(errorRate / config.maxErrorRate()));
      broken.add(b);
    }
    m.put("slo", checks);
    m.put("meets_slo", tagged > 0 && broken.isEmpty());
    m.put("broken", broken);
    return m;
  }

  private Map<String, Object> knee(KneeFinder.Knee k, List<Map<String, Object>> levels) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", k.status().name().toLowerCase(Locale.ROOT));
    Map<String, Object> at = k.knee() < 0 ? null : levels.get(k.knee());
    Map<String, Object> next = k.firstFailing() < 0 ? null : levels.get(k.firstFailing());
    out.put("level", at == null ? null : at.get("level"));
    out.put("output_tokens_per_s", at == null ? null : at.get("output_tokens_per_s"));
    out.put("requests_per_s", at == null ? null : at.get("requests_per_s"));
    out.put("goodput_per_s", at == null ? null : at.get("goodput_per_s"));
    out.put("achieved_concurrency", at == null ? null : at.get("achieved_concurrency"));
    out.put("next_level", next == null ? null : next.get("level"));
    String brokeFirst = null;
    String cause = null;
    if (next != null) {
      Map<String, Object> first = firstBroken(next);
      brokeFirst = first == null ? null : (String) first.get("objective");
      cause = first == null ? null : cause(first, next);
    }
    out.put("broke_first", brokeFirst);
    out.put("cause", cause);
    out.put("peak_level", k.peak() < 0 ? null : levels.get(k.peak()).get("level"));
    out.put("peak_output_tokens_per_s", k.peak() < 0 ? null : levels.get(k.peak()).get("output_tokens_per_s"));
    out.put("passes_above_knee", k.passesAboveKnee());
    out.put("message", message(k, at, next, cause));
    return out;
  }

  /** Errors first (a failing server is the most urgent limit); else the objective with the largest overshoot. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> firstBroken(Map<String, Object> level) {
    List<Map<String, Object>> broken = (List<Map<String, Object>>) level.get("broken");
    Map<String, Object> best = null;
    for (Map<String, Object> b : broken) {
      if ("errors".equals(b.get("objective"))) {
        return b;
      }
      double ratio = b.get("ratio") == null ? Double.POSITIVE_INFINITY : ((Number) b.get("ratio")).doubleValue();
      double bestRatio = best == null ? Double.NEGATIVE_INFINITY
          : best.get("ratio") == null ? Double.POSITIVE_INFINITY : ((Number) best.get("ratio")).doubleValue();
      if (ratio > bestRatio) {
        best = b;
      }
    }
    return best;
  }

  @SuppressWarnings("unchecked")
  static String cause(Map<String, Object> broken, Map<String, Object> level) {
    Map<String, Object> server = (Map<String, Object>) level.get("server");
    Object waiting = server == null ? null : server.get("requests_waiting_mean");
    Object running = server == null ? null : server.get("requests_running_mean");
    String objective = (String) broken.get("objective");
    return switch (objective) {
      case "errors" -> String.format(Locale.ROOT, "errors: %.1f%% of calls failed (limit %.1f%%)%s",
          ((Number) broken.get("value")).doubleValue() * 100, config(broken), sampleError(level));
      case "ttft" -> "TTFT " + overshoot(broken) + (waiting == null ? " (no server metrics to tell whether requests queued)"
          : ((Number) waiting).doubleValue() >= 0.5 ? " from queueing: the server had " + num(waiting) + " requests waiting on average"
          : " with no queue on the server (" + num(waiting) + " waiting): prefill time or the client");
      case "tpot" -> "TPOT " + overshoot(broken) + (running == null ? "" : " from batch size: the server ran "
          + num(running) + " requests at once on average");
      default -> objective.toUpperCase(Locale.ROOT) + " " + overshoot(broken);
    };
  }

  private static double config(Map<String, Object> broken) {
    return ((Number) broken.get("limit")).doubleValue() * 100;
  }

  @SuppressWarnings("unchecked")
  private static String sampleError(Map<String, Object> level) {
    List<String> errors = (List<String>) level.get("sample_errors");
    return errors == null || errors.isEmpty() ? "" : ", e.g. " + errors.get(0);
  }

  private static String overshoot(Map<String, Object> b) {
    return "p" + num(b.get("percentile")) + " " + num(b.get("value_ms")) + " ms over its limit " + num(b.get("limit_ms")) + " ms";
  }

  private static String num(Object v) {
    return v == null ? Numbers.DASH : Numbers.plain(Percentiles.round(((Number) v).doubleValue()));
  }

  private String message(KneeFinder.Knee k, Map<String, Object> at, Map<String, Object> next, String cause) {
    String u = " " + config.unit();
    return switch (k.status()) {
      case KNEE_FOUND -> "knee at " + num(at.get("level")) + u + ": " + num(at.get("output_tokens_per_s"))
          + " output tok/s within the SLOs; at " + num(next.get("level")) + u + " " + cause
          + (k.passesAboveKnee() ? " (a higher level passed again: check for noise)" : "");
      case NO_KNEE_IN_RANGE -> "no knee inside the range: every measured level met the SLOs"
          + (slo.active() ? "" : " (no llm.slo.* set: only errors were judged)") + "; the capacity is above "
          + num(at.get("level")) + u + " (" + num(at.get("output_tokens_per_s")) + " output tok/s); extend llm.sweep.levels";
      case BELOW_RANGE -> "below the range: the lowest level, " + num(next.get("level")) + u + ", already broke: " + cause;
      case NO_DATA -> "no level was measured";
    };
  }

  private static Map<String, Object> pcts(Distribution d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", d.count());
    for (double p : new double[] {50, 95, 99}) {
      Double v = d.percentile(p);
      m.put("p" + Numbers.plain(p), v == null ? null : Percentiles.round(v));
    }
    return m;
  }

  /** Scrapes inside [from, to): running/waiting mean and max (summed over replicas), KV usage, preemptions. */
  static Map<String, Object> server(List<ServerMetricsRow> rows, long from, long to) {
    Map<Integer, List<ServerMetricsRow>> byUrl = new LinkedHashMap<>();
    for (ServerMetricsRow r : rows) {
      if (r.timeMs() >= from && r.timeMs() < to) {
        byUrl.computeIfAbsent(r.urlIndex(), u -> new ArrayList<>()).add(r);
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    int scrapes = byUrl.values().stream().mapToInt(List::size).sum();
    m.put("scrapes", scrapes);
    if (scrapes == 0) {
      return m;
    }
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
      Double kvm = mean(url, ServerMetricsRow::kvCacheUsagePerc);
      kvMean = kvm == null ? kvMean : kvMean == null ? kvm : Math.max(kvMean, kvm);
      Double kvx = max(url, ServerMetricsRow::kvCacheUsagePerc);
      kvMax = kvx == null ? kvMax : kvMax == null ? kvx : Math.max(kvMax, kvx);
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
    m.put("requests_running_mean", round(runningMean));
    m.put("requests_running_max", round(runningMax));
    m.put("requests_waiting_mean", round(waitingMean));
    m.put("requests_waiting_max", round(waitingMax));
    m.put("kv_cache_usage_mean", round(kvMean));
    m.put("kv_cache_usage_max", round(kvMax));
    m.put("preemptions", round(preemptions));
    return m;
  }

  private static Double round(Double v) {
    return v == null ? null : Percentiles.round(v);
  }

  private static Double add(Double a, Double b) {
    return b == null ? a : a == null ? b : a + b;
  }

  private static Double mean(List<ServerMetricsRow> rows, java.util.function.Function<ServerMetricsRow, Double> f) {
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

  private static Double max(List<ServerMetricsRow> rows, java.util.function.Function<ServerMetricsRow, Double> f) {
    Double m = null;
    for (ServerMetricsRow r : rows) {
      Double v = f.apply(r);
      if (v != null) {
        m = m == null ? v : Math.max(m, v);
      }
    }
    return m;
  }

  /** llm-calls.csv as the recorder's CallResults (no gaps, no text), with each call's end and prompt tokens. */
  static List<Call> readCalls(RunFolder folder) {
    List<Call> calls = new ArrayList<>();
    if (!folder.has(RunFiles.CALLS)) {
      return calls;
    }
    folder.forEachCall(List.of(), r -> {
      CallSpec spec = new CallSpec(r.callId(), r.scenario(), orZero(r.user()), r.stepOrZero(), r.stepName(),
          r.groupTag(), (int) orZero(r.inputTokens()), (int) orZero(r.requestedOutputTokens()));
      Long ttft = whole(r.ttftMs());
      Long ttfo = whole(r.ttfoMs());
      Long e2e = whole(r.e2eMs());
      CallResult result = new CallResult(spec, r.startMs(), null, null, (int) orZero(r.outputTokens()),
          (int) orZero(r.tokenEvents()), ttft, ttfo, e2e, new int[0], r.httpStatus() == null ? 0 : r.httpStatus(),
          r.finishReason(), r.ok(), r.error(), "", "", r.responseId());
      long end = e2e != null ? r.startMs() + e2e : r.startMs();
      calls.add(new Call(result, end, r.usagePromptTokens()));
    });
    return calls;
  }

  /** ITL gaps pooled per level tag. */
  static Map<String, Distribution> readGaps(RunFolder folder, Map<Long, String> tagOfCall) {
    Map<String, Distribution> out = new HashMap<>();
    if (!folder.has(RunFiles.ITL)) {
      return out;
    }
    folder.forEachItl((callId, gaps) -> {
      String tag = tagOfCall.get(callId);
      if (tag == null || gaps.length == 0) {
        return;
      }
      Distribution d = out.computeIfAbsent(tag, t -> new Distribution());
      for (double g : gaps) {
        d.add(g);
      }
    });
    return out;
  }

  private static long orZero(Long v) {
    return v == null ? 0 : v;
  }

  private static Long whole(Double d) {
    return d == null ? null : d.longValue();
  }

  static Map<String, String> definitions() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("tagging", "a journey belongs to the level whose measured window (after the settle) contains its start;"
        + " journeys started while a level settles are tagged 'settle' and are in no level");
    d.put("latencies", "p50/p95/p99 (nearest rank) of the level's ok calls; error rate and slo_attainment over all its calls");
    d.put("rates", "requests_per_s, output/total_tokens_per_s, goodput_per_s: ok (good) calls that ended inside the"
        + " measured window / its length");
    d.put("achieved_concurrency", "calls in flight, time-averaged over the measured window");
    d.put("server", "server-metrics.csv scrapes inside the measured window: means and maxima (summed over replicas),"
        + " preemptions = increase of the counter");
    d.put("meets_slo", "every llm.slo.* objective holds at llm.slo.percentile over the level's ok calls, and"
        + " error_rate <= llm.sweep.maxErrorRate");
    d.put("knee", "the highest level of the first unbroken run of levels that meet the SLOs; broke_first: at the next"
        + " level, errors if over their bound, else the objective furthest over its limit");
    return d;
  }
}
