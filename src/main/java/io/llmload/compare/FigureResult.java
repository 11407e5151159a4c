package io.llmload.compare;

import io.llmload.metrics.Numbers;

/**
 * One figure of one group compared between the baseline and another run. Deltas are run − baseline;
 * the confidence interval is for that absolute difference (and, where defined, for the relative
 * difference in per cent). Any value may be null when it cannot be computed (no samples, baseline 0).
 */
public record FigureResult(
    String group,
    Metric metric,
    Stat stat,
    Double baseline,
    Double current,
    Double delta,
    Double deltaPct,
    Double ciLow,
    Double ciHigh,
    Double ciLowPct,
    Double ciHighPct,
    Change change,
    int baselineSamples,
    int currentSamples) {

  /** "TTFT p95", "request throughput". */
  public String figureName() {
    return stat == Stat.VALUE ? metric.label() : metric.label() + " " + stat.label();
  }

  /** "TTFT p95 (ms)"; the error rate's unit is "%". */
  public String figureWithUnit() {
    String unit = metric == Metric.ERROR_RATE ? "%" : metric.unit();
    return figureName() + " (" + unit + ")";
  }

  /** The confidence interval of the delta as "[−1.2, +3.4]", or a dash when it could not be computed. */
  public String ciText() {
    if (ciLow == null || ciHigh == null) {
      return Numbers.DASH;
    }
    return "[" + Numbers.signedThreeDigits(ciLow) + ", " + Numbers.signedThreeDigits(ciHigh) + "]";
  }

  /** True when the interval lies entirely on the worse side of zero. */
  public boolean significantlyWorse() {
    return change == Change.WORSE;
  }
}
