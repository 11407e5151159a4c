package io.llmload.sweep;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One level of a sweep in sweep-summary.json: its value, tag and window (absolute epoch ms, null when the sweep
 * never started), and, unless it was skipped, its figures and judgement. Status: "skipped" (an early stop, or
 * the sweep never started), "no_calls" (no journey was tagged with it) or "measured".
 */
public record SweepLevel(double level, String tag, String status, Long startMs, Long measureStartMs, Long endMs,
                         LevelFigures figures, LevelJudgement judgement) {
  public static final String SKIPPED = "skipped";
  public static final String NO_CALLS = "no_calls";
  public static final String MEASURED = "measured";

  static SweepLevel skipped(SweepPlan.Level l, long originMs) {
    boolean started = originMs >= 0;
    return new SweepLevel(l.value(), l.tag(), SKIPPED, started ? originMs + l.startMs() : null,
        started ? originMs + l.measureStartMs() : null, started ? originMs + l.endMs() : null, null, null);
  }

  static SweepLevel measured(SweepPlan.Level l, long originMs, LevelFigures figures, LevelJudgement judgement) {
    return new SweepLevel(l.value(), l.tag(), figures.calls() == 0 ? NO_CALLS : MEASURED, originMs + l.startMs(),
        originMs + l.measureStartMs(), originMs + l.endMs(), figures, judgement);
  }

  public boolean isMeasured() {
    return MEASURED.equals(status);
  }

  /** Null when skipped. */
  public Boolean meetsSlo() {
    return judgement == null ? null : judgement.meetsSlo();
  }

  /** Null when skipped. */
  public Double outputTokensPerS() {
    return figures == null ? null : figures.outputTokensPerS();
  }

  Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("level", level);
    m.put("tag", tag);
    m.put("status", status);
    m.put("start_ms", startMs);
    m.put("measure_start_ms", measureStartMs);
    m.put("end_ms", endMs);
    if (figures == null) {
      m.put("meets_slo", null);
      m.put("output_tokens_per_s", null);
      return m;
    }
    m.putAll(figures.json());
    m.putAll(judgement.json());
    return m;
  }
}
