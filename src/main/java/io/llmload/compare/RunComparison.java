package io.llmload.compare;

import java.util.ArrayList;
import java.util.List;

/** A run compared against the baseline: comparability, and every figure of every group both runs have. */
public record RunComparison(RunData baseline, RunData current, Comparability comparability,
                            List<String> groups, List<FigureResult> figures) {

  public static RunComparison of(RunData baseline, RunData current, GroupComparator comparator) {
    List<String> groups = new ArrayList<>();
    for (String g : baseline.groupNames()) {
      if (current.group(g) != null) {
        groups.add(g);
      }
    }
    List<FigureResult> figures = new ArrayList<>();
    for (String g : groups) {
      figures.addAll(comparator.compare(g, baseline.group(g), current.group(g)));
    }
    return new RunComparison(baseline, current, Comparability.of(baseline, current), List.copyOf(groups),
        List.copyOf(figures));
  }

  /** The GPU energy figures side by side; empty when neither run has any. */
  public List<EnergyComparison> energy() {
    return EnergyComparison.of(baseline.gpu().orElse(null), current.gpu().orElse(null));
  }

  public List<FigureResult> figures(String group) {
    return figures.stream().filter(f -> f.group().equals(group)).toList();
  }

  /** The figure of a group, or null. */
  public FigureResult figure(String group, Metric metric, Stat stat) {
    return figures.stream()
        .filter(f -> f.group().equals(group) && f.metric() == metric && f.stat() == stat)
        .findFirst().orElse(null);
  }
}
