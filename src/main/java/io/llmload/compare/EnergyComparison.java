package io.llmload.compare;

import io.llmload.run.GpuFigures;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One GPU energy figure of two runs side by side (llm-summary.json "gpu"). Plain figures, no confidence
 * interval and no verdict: each run has one energy figure (the counter or the power integral over its window),
 * not a sample of calls to resample; repeat the runs to see how much it varies.
 *
 * @param key             the summary key ({@code joules_per_output_token} …)
 * @param lowerIsBetter   true for energy per unit of work, false for work per joule
 * @param baseline        the baseline's figure, null when it has none
 * @param current         the run's figure, null when it has none
 */
public record EnergyComparison(String key, String label, boolean lowerIsBetter, Double baseline, Double current) {
  /** Why there is no interval, for the reports. */
  public static final String NOTE = "GPU energy: one figure per run (no per-call samples), so no confidence"
      + " interval or verdict; repeat the runs to judge its noise. Definitions: llm-summary.json gpu.definitions.";

  private record Figure(String key, String label, boolean lowerIsBetter, Function<GpuFigures, Double> value) {
  }

  private static final List<Figure> FIGURES = List.of(
      new Figure("joules_per_output_token", "energy per output token (J)", true, GpuFigures::joulesPerOutputToken),
      new Figure("output_tokens_per_joule", "output tokens per joule", false, GpuFigures::outputTokensPerJoule),
      new Figure("joules_per_request", "energy per request (J)", true, GpuFigures::joulesPerRequest),
      new Figure("avg_power_w", "average power (W)", true, GpuFigures::avgPowerW),
      new Figure("energy_j", "energy over the window (J)", true, GpuFigures::energyJ));

  /** Run − baseline, null without both. */
  public Double delta() {
    return baseline == null || current == null ? null : current - baseline;
  }

  /** (run − baseline) / baseline × 100, null without both or with a zero baseline. */
  public Double deltaPct() {
    return baseline == null || current == null || baseline == 0 ? null : (current - baseline) / baseline * 100;
  }

  /** The rows of two runs' figures; empty when neither has GPU figures. */
  public static List<EnergyComparison> of(GpuFigures baseline, GpuFigures current) {
    List<EnergyComparison> out = new ArrayList<>();
    if (baseline == null && current == null) {
      return out;
    }
    for (Figure f : FIGURES) {
      out.add(new EnergyComparison(f.key(), f.label(), f.lowerIsBetter(),
          baseline == null ? null : f.value().apply(baseline), current == null ? null : f.value().apply(current)));
    }
    return out;
  }
}
