package io.llmload.sweep;

import io.llmload.metrics.Numbers;
import io.llmload.config.ConfigException;
import io.llmload.config.Settings;
import io.llmload.workload.JourneyKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The llm.sweep.* settings, validated before any load: which workload, the levels (an explicit list, or
 * start × factor up to max), how long each level settles (not counted) and is held (measured), what
 * a level may break before it fails, and when the sweep stops early.
 *
 * @param maxErrorRate    a level meets its objectives only with at most this share of failed calls
 * @param stopAttainment  early stop: a level whose SLO attainment is below this (only when SLOs are set)
 * @param stopErrorRate   early stop: a level whose error rate is above this
 * @param stopThroughputDrop early stop: a level whose output tokens/s is below (1 − this) × the previous level's
 * @param stopMinCalls    a level is judged for an early stop only when this many of its calls have finished
 */
public record SweepConfig(
    SweepMode mode,
    JourneyKind workload,
    List<Double> levels,
    double settleSeconds,
    double holdSeconds,
    double maxErrorRate,
    boolean earlyStop,
    double stopAttainment,
    double stopErrorRate,
    double stopThroughputDrop,
    int stopMinCalls) {

  public static final String DEFAULT_LEVELS = "1,8,16,32,64,128";

  public SweepConfig {
    levels = List.copyOf(levels);
  }

  public static SweepConfig fromSystem() {
    return read(Settings.fromSystem());
  }

  public static SweepConfig read(Settings s) {
    SweepMode mode = s.choice("llm.sweep.mode", SweepMode.class, SweepMode.CONCURRENCY);
    String workload = s.string("llm.sweep.workload", "mixed").toLowerCase(Locale.ROOT);
    JourneyKind kind = switch (workload) {
      case "heavy", "single" -> JourneyKind.SINGLE;
      case "agent" -> JourneyKind.AGENT;
      case "mixed" -> JourneyKind.MIXED;
      default -> throw new ConfigException("llm.sweep.workload=" + workload
          + " is not known; set -Dllm.sweep.workload=heavy, agent or mixed (default mixed)");
    };
    List<Double> levels = levels(s, mode);
    double settle = s.decimal("llm.sweep.settleSeconds", 10, 0, 86_400);
    double hold = s.decimal("llm.sweep.holdSeconds", 60, 0.1, 7 * 86_400);
    double maxErrorRate = s.decimal("llm.sweep.maxErrorRate", 0.01, 0, 1);
    boolean earlyStop = s.bool("llm.sweep.earlyStop", true);
    double stopAttainment = s.decimal("llm.sweep.stop.attainment", 0.5, 0, 1);
    double stopErrorRate = s.decimal("llm.sweep.stop.errorRate", 0.2, 0, 1);
    double stopDrop = s.decimal("llm.sweep.stop.throughputDrop", 0.2, 0, 1);
    int minCalls = (int) s.integer("llm.sweep.stop.minCalls", 5, 1, 1_000_000);
    return new SweepConfig(mode, kind, levels, settle, hold, maxErrorRate, earlyStop, stopAttainment, stopErrorRate,
        stopDrop, minCalls);
  }

  /** llm.sweep.levels wins; else llm.sweep.start × llm.sweep.factor^i while ≤ llm.sweep.max. */
  static List<Double> levels(Settings s, SweepMode mode) {
    String unit = mode == SweepMode.CONCURRENCY ? "concurrent users" : "users/s";
    String list = s.raw("llm.sweep.levels");
    boolean generated = s.raw("llm.sweep.start") != null || s.raw("llm.sweep.factor") != null
        || s.raw("llm.sweep.max") != null;
    List<Double> levels = new ArrayList<>();
    if (list != null && generated) {
      throw new ConfigException("llm.sweep.levels=" + list + " is given together with llm.sweep.start/factor/max;"
          + " set either -Dllm.sweep.levels=1,8,16 or -Dllm.sweep.start/-Dllm.sweep.factor/-Dllm.sweep.max, not both");
    }
    if (list != null || !generated) {
      String text = s.string("llm.sweep.levels", DEFAULT_LEVELS);
      for (String part : text.split(",")) {
        if (part.isBlank()) {
          continue;
        }
        try {
          levels.add(Double.parseDouble(part.trim()));
        } catch (NumberFormatException e) {
          throw new ConfigException("llm.sweep.levels=" + text + ": '" + part.trim() + "' is not a number; give "
              + unit + " separated by commas, e.g. -Dllm.sweep.levels=" + DEFAULT_LEVELS);
        }
      }
      if (levels.isEmpty()) {
        throw new ConfigException("llm.sweep.levels is empty; give " + unit + " separated by commas, e.g. -Dllm.sweep.levels="
            + DEFAULT_LEVELS);
      }
    } else {
      double start = s.decimal("llm.sweep.start", 1, 0.001, 1_000_000);
      double factor = s.decimal("llm.sweep.factor", 2, 1.01, 1000);
      double max = s.decimal("llm.sweep.max", 128, 0.001, 1_000_000);
      if (max < start) {
        throw new ConfigException("llm.sweep.max=" + max + " is below llm.sweep.start=" + start
            + "; set -Dllm.sweep.max >= -Dllm.sweep.start");
      }
      for (double v = start; v <= max * (1 + 1e-9) && levels.size() < 1000; v *= factor) {
        levels.add(mode == SweepMode.CONCURRENCY ? Math.floor(v + 1e-9) : v);
      }
      levels = new ArrayList<>(levels.stream().distinct().toList());
    }
    for (int i = 0; i < levels.size(); i++) {
      double v = levels.get(i);
      if (!(v > 0) || !Double.isFinite(v)) {
        throw new ConfigException("llm.sweep.levels: level " + v + " must be a positive number of " + unit);
      }
      if (mode == SweepMode.CONCURRENCY && v != Math.rint(v)) {
        throw new ConfigException("llm.sweep.levels: level " + v + " is not a whole number of concurrent users;"
            + " give integers (or -Dllm.sweep.mode=rate for arrival rates in users/s)");
      }
      if (i > 0 && v <= levels.get(i - 1)) {
        throw new ConfigException("llm.sweep.levels: levels must increase, but " + v + " follows " + levels.get(i - 1)
            + "; e.g. -Dllm.sweep.levels=" + DEFAULT_LEVELS);
      }
    }
    if (levels.size() > 100) {
      throw new ConfigException("llm.sweep: " + levels.size() + " levels is too many (at most 100); raise"
          + " -Dllm.sweep.factor or lower -Dllm.sweep.max");
    }
    return levels;
  }

  /** "concurrency" or "rate", as written in sweep-summary.json. */
  public String modeName() {
    return mode == SweepMode.CONCURRENCY ? "concurrency" : "rate";
  }

  public String unit() {
    return mode == SweepMode.CONCURRENCY ? "concurrent users" : "users/s";
  }

  /** The group tag of a level: level_16, level_0.5. */
  public static String tag(double value) {
    return "level_" + Numbers.plain(value);
  }
}
