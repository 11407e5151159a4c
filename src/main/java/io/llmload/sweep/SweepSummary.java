package io.llmload.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a sweep found, as written to sweep-summary.json by {@link #toJson()}: how it ran (mode, unit, workload,
 * settle and hold, origin, objectives, early stop), every level, the verdict, and the definitions of the figures.
 *
 * @param originMs epoch ms at which the first level started, -1 when the sweep never started
 * @param limits   the llm.slo.* limits as {@link io.llmload.metrics.SloPolicy#describe()} gives them
 */
public record SweepSummary(String mode, String unit, String workload, double settleS, double holdS, long originMs,
                           double percentile, Map<String, Object> limits, double maxErrorRate, EarlyStop earlyStop,
                           List<SweepLevel> levels, SweepVerdict verdict) {
  private static final int SCHEMA = 1;

  /**
   * @param reason       why the sweep stopped early, null when it did not
   * @param afterLevel   the last level run before the stop, null when it did not stop
   * @param skippedLevels the levels the stop left out
   */
  public record EarlyStop(boolean stopped, String reason, Double afterLevel, List<Double> skippedLevels) {
  }

  /** The JSON tree of sweep-summary.json, in its key order. */
  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("schema", SCHEMA);
    out.put("mode", mode);
    out.put("unit", unit);
    out.put("workload", workload);
    out.put("settle_s", settleS);
    out.put("hold_s", holdS);
    out.put("origin_ms", originMs);
    Map<String, Object> objectives = new LinkedHashMap<>();
    objectives.put("percentile", percentile);
    objectives.put("limits", limits);
    objectives.put("max_error_rate", maxErrorRate);
    out.put("objectives", objectives);
    Map<String, Object> early = new LinkedHashMap<>();
    early.put("stopped", earlyStop.stopped());
    early.put("reason", earlyStop.reason());
    early.put("after_level", earlyStop.afterLevel());
    early.put("skipped_levels", earlyStop.skippedLevels());
    out.put("early_stop", early);
    out.put("levels", levels.stream().map(SweepLevel::json).toList());
    out.put("knee", verdict.json());
    out.put("definitions", definitions());
    return out;
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
