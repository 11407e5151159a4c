package io.llmload.report;

import io.llmload.metrics.Numbers;
import io.llmload.metrics.ServerText;
import io.llmload.compare.EnergyComparison;
import io.llmload.compare.FigureResult;
import io.llmload.compare.GroupComparator;
import io.llmload.compare.GroupSamples;
import io.llmload.compare.RunComparison;
import java.util.List;

/** The console form of a comparison: a heading, the comparability warning, one Markdown table per group. */
public final class CompareMarkdownReport {
  private CompareMarkdownReport() {
  }

  public static String render(List<RunComparison> comparisons, GroupComparator comparator) {
    StringBuilder sb = new StringBuilder();
    for (RunComparison c : comparisons) {
      sb.append("## ").append(c.current().label()).append(" vs baseline ").append(c.baseline().label()).append("\n\n");
      if (!c.comparability().comparable()) {
        sb.append("> **WARNING: NOT comparable** — the runs differ in workload or model:\n");
        for (String d : c.comparability().differences()) {
          sb.append(">  - ").append(ServerText.clean(d)).append('\n');
        }
        sb.append('\n');
      }
      sb.append("Δ = run − baseline; 95% CI of Δ from a seeded percentile bootstrap (")
          .append(comparator.resamples()).append(" resamples, seed ").append(comparator.seed())
          .append("); error rate: Newcombe interval, Δ in percentage points.\n\n");
      for (String g : c.groups()) {
        List<FigureResult> figures = c.figures(g);
        GroupSamples b = c.baseline().group(g);
        GroupSamples r = c.current().group(g);
        sb.append("### ").append(g).append(" (").append(b.calls()).append(" vs ").append(r.calls())
            .append(" calls)\n\n");
        sb.append("| metric | baseline | run | Δ | Δ% | 95% CI | verdict |\n");
        sb.append("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (FigureResult f : figures) {
          sb.append("| ").append(f.figureWithUnit())
              .append(" | ").append(Numbers.threeDigits(f.baseline()))
              .append(" | ").append(Numbers.threeDigits(f.current()))
              .append(" | ").append(Numbers.signedThreeDigits(f.delta()))
              .append(" | ").append(Numbers.signedPercent(f.deltaPct()))
              .append(" | ").append(f.ciText())
              .append(" | ").append(verdict(f))
              .append(" |\n");
        }
        sb.append('\n');
      }
      energy(sb, c);
    }
    return sb.toString();
  }

  /** The GPU energy figures side by side, when either run has them. */
  static void energy(StringBuilder sb, RunComparison c) {
    if (c.energy().isEmpty()) {
      return;
    }
    sb.append("### GPU energy\n\n").append(EnergyComparison.NOTE).append("\n\n");
    sb.append("| figure | baseline | run | Δ | Δ% |\n| --- | ---: | ---: | ---: | ---: |\n");
    for (EnergyComparison e : c.energy()) {
      sb.append("| ").append(e.label()).append(" | ").append(Numbers.threeDigits(e.baseline()))
          .append(" | ").append(Numbers.threeDigits(e.current()))
          .append(" | ").append(Numbers.signedThreeDigits(e.delta()))
          .append(" | ").append(Numbers.signedPercent(e.deltaPct())).append(" |\n");
    }
    sb.append('\n');
  }

  private static String verdict(FigureResult f) {
    return switch (f.change()) {
      case WORSE -> "**worse**";
      case BETTER -> "better";
      case INSUFFICIENT_DATA -> "insufficient data (n=" + f.baselineSamples() + "/" + f.currentSamples() + ")";
      case NO_SIGNIFICANT_CHANGE -> "no significant change";
    };
  }
}
