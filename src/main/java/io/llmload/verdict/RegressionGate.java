package io.llmload.verdict;

import io.llmload.metrics.Numbers;
import io.llmload.compare.Change;
import io.llmload.compare.FigureResult;
import io.llmload.compare.GroupComparator;
import io.llmload.compare.GroupSamples;
import io.llmload.compare.Metric;
import io.llmload.compare.RunData;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Fails a run against a baseline only for regressions that are both real and large: a figure fails
 * when its 95% confidence interval lies entirely on the worse side of zero (significant) AND the point
 * estimate exceeds the threshold. Noise above the threshold, or a significant but small change, passes.
 * Figures with too few samples are not judged (they pass, and the message says so) — except when the
 * run has none at all while the baseline had enough: that fails, since it means nothing succeeded.
 *
 * <p>Works on {@link GroupSamples}, so a live run can be gated against an archived baseline from its
 * in-memory samples; {@link #evaluate(RunData, RunData)} gates two archived runs on group "overall".
 */
public final class RegressionGate {
  public static final String GROUP = "overall";

  private final RegressionThresholds thresholds;
  private final GroupComparator comparator;

  public RegressionGate(RegressionThresholds thresholds, GroupComparator comparator) {
    this.thresholds = thresholds;
    this.comparator = comparator;
  }

  public List<Check> evaluate(RunData baseline, RunData current) {
    GroupSamples b = baseline.group(GROUP);
    GroupSamples c = current.group(GROUP);
    if (b == null || c == null) {
      throw new IllegalArgumentException("no calls in group " + GROUP + " of " + (b == null ? baseline : current).label());
    }
    return evaluate(b, c, "");
  }

  /**
   * @param namePrefix put before every check name (e.g. the run's label when several runs are gated), may be ""
   */
  public List<Check> evaluate(GroupSamples baseline, GroupSamples current, String namePrefix) {
    Map<Metric, List<FigureResult>> byMetric = new EnumMap<>(Metric.class);
    List<Check> checks = new ArrayList<>();
    for (Map.Entry<String, Double> e : thresholds.limits().entrySet()) {
      RegressionThresholds.Limit limit = RegressionThresholds.KNOWN.get(e.getKey());
      List<FigureResult> figures = byMetric.computeIfAbsent(limit.metric(),
          m -> comparator.compare(GROUP, m, baseline, current));
      FigureResult f = figures.stream().filter(x -> x.stat() == limit.stat()).findFirst().orElseThrow();
      checks.add(check(namePrefix, limit, e.getValue(), f));
    }
    return checks;
  }

  static Check check(String prefix, RegressionThresholds.Limit limit, double threshold, FigureResult f) {
    String name = prefix + GROUP + " " + f.figureName() + " (" + limit.name() + "=" + Numbers.wholeOrTwoDecimals(threshold) + ")";
    boolean errorRate = f.metric() == Metric.ERROR_RATE;
    // how much worse, in the threshold's unit: per cent of the baseline, or percentage points for errors
    Double worseBy = errorRate ? f.delta()
        : f.deltaPct() == null ? null : f.metric().lowerIsBetter() ? f.deltaPct() : -f.deltaPct();
    String unit = errorRate ? " pp" : "%";
    String figures = f.figureName() + " " + Numbers.threeDigits(f.baseline()) + " → " + Numbers.threeDigits(f.current()) + " "
        + (errorRate ? "%" : f.metric().unit()) + " (Δ " + Numbers.signedThreeDigits(f.delta())
        + (errorRate ? " pp" : ", " + Numbers.signedPercent(f.deltaPct())) + ", 95% CI " + f.ciText() + ")";
    if (f.currentSamples() == 0 && f.baselineSamples() >= f.stat().minSamples()) {
      return Check.fail(name, f.figureName() + ": the run has no samples at all (baseline had "
          + f.baselineSamples() + ") — every call failed or the figure was not recorded", null, threshold);
    }
    if (f.change() == Change.INSUFFICIENT_DATA || worseBy == null) {
      return Check.pass(name, "not judged: insufficient data (n=" + f.baselineSamples() + " baseline, "
          + f.currentSamples() + " run; " + f.stat().minSamples() + " needed) — " + figures, worseBy, threshold);
    }
    String limitText = (errorRate ? "+" + Numbers.wholeOrTwoDecimals(threshold) + " pp" : Numbers.wholeOrTwoDecimals(threshold) + "% " + (f.metric().lowerIsBetter()
        ? "increase" : "drop"));
    if (f.change() == Change.WORSE && worseBy > threshold) {
      return Check.fail(name, figures + ": significant regression of " + Numbers.wholeOrTwoDecimals(worseBy) + unit + ", above the "
          + limitText + " limit", worseBy, threshold);
    }
    String why = f.change() == Change.WORSE
        ? "significantly worse by " + Numbers.wholeOrTwoDecimals(worseBy) + unit + ", within the " + limitText + " limit"
        : f.change() == Change.BETTER ? "significantly better" : "no significant change";
    return Check.pass(name, figures + ": " + why, worseBy, threshold);
  }
}
