package io.llmload.sweep;

import io.llmload.metrics.Numbers;
import io.llmload.metrics.Percentiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a level meets the SLOs: each llm.slo.* objective that applies to the level's tag holds at
 * llm.slo.percentile over its ok calls, and its error rate is at most llm.sweep.maxErrorRate. Without
 * llm.slo.*, only the error rate decides; a level without calls never meets them.
 */
public record LevelJudgement(List<Check> checks, boolean errorRateMet, boolean meetsSlo, List<Broken> broken) {
  private static final String[] OBJECTIVES = {"ttftMs", "tpotMs", "e2eMs"};

  /** One latency objective: its value at the percentile (rounded, null without ok calls) against its limit. */
  public record Check(String name, double percentile, Double value, double limit, boolean met) {
  }

  static LevelJudgement judge(LevelFigures f, Map<String, Double> limits, double percentile, double maxErrorRate) {
    List<Check> checks = new ArrayList<>();
    List<Broken> broken = new ArrayList<>();
    for (String objective : OBJECTIVES) {
      Double limit = limits.get(objective);
      if (limit == null) {
        continue;
      }
      Latency latency = switch (objective) {
        case "ttftMs" -> f.ttft();
        case "tpotMs" -> f.tpot();
        default -> f.e2e();
      };
      String name = objective.replace("Ms", "");
      Double value = latency.percentile(percentile);
      boolean met = value != null && value <= limit;
      Double rounded = value == null ? null : Percentiles.round(value);
      checks.add(new Check(name, percentile, rounded, limit, met));
      if (!met) {
        broken.add(new Broken(name, percentile, rounded, limit, value == null ? null : Percentiles.round(value / limit)));
      }
    }
    Double errorRate = f.errorRate();
    boolean errorsMet = errorRate != null && errorRate <= maxErrorRate;
    if (!errorsMet && errorRate != null) {
      broken.add(new Broken(Broken.ERRORS, null, errorRate, maxErrorRate,
          maxErrorRate == 0 ? null : Percentiles.round(errorRate / maxErrorRate)));
    }
    return new LevelJudgement(checks, errorsMet, f.calls() > 0 && broken.isEmpty(), broken);
  }

  /** What broke first: errors (a failing server is the most urgent limit), else the largest overshoot; null if nothing. */
  public Broken firstBroken() {
    Broken best = null;
    for (Broken b : broken) {
      if (b.errors()) {
        return b;
      }
      if (best == null || b.overshoot() > best.overshoot()) {
        best = b;
      }
    }
    return best;
  }

  Map<String, Object> json() {
    Map<String, Object> slo = new LinkedHashMap<>();
    for (Check c : checks) {
      slo.put(c.name() + "_p" + Numbers.plain(c.percentile()) + "_ms", c.value());
      slo.put(c.name() + "_limit_ms", c.limit());
      slo.put(c.name() + "_met", c.met());
    }
    slo.put("error_rate_met", errorRateMet);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("slo", slo);
    m.put("meets_slo", meetsSlo);
    m.put("broken", broken.stream().map(Broken::json).toList());
    return m;
  }
}
