package io.llmload.sweep;

import io.llmload.metrics.SloPolicy;
import io.llmload.run.RunFolder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The analysis of a finished sweep: reads the run folder ({@link SweepCalls}), measures every level that ran
 * ({@link LevelMeasurer}), judges it against the SLOs ({@link LevelJudgement}) and finds the knee and its
 * verdict ({@link SweepVerdict}).
 */
public final class SweepAnalyzer {
  private final SweepConfig config;
  private final SweepPlan plan;
  private final SloPolicy slo;

  public SweepAnalyzer(SweepConfig config, SweepPlan plan, SloPolicy slo) {
    this.config = config;
    this.plan = plan;
    this.slo = slo;
  }

  /**
   * @param originMs     epoch ms at which the first level started, -1 when the sweep never started
   * @param stopReason   why the sweep stopped early, null when it did not
   * @param stoppedAfter index of the last level run before an early stop, -1 when none
   */
  public SweepSummary analyze(Path runDir, long originMs, String stopReason, int stoppedAfter) {
    SweepCalls calls = SweepCalls.read(RunFolder.open(runDir));
    List<SweepLevel> levels = new ArrayList<>();
    List<Double> skipped = new ArrayList<>();
    for (SweepPlan.Level l : plan.levels()) {
      boolean stopped = stoppedAfter >= 0 && l.index() > stoppedAfter;
      if (stopped) {
        skipped.add(l.value());
      }
      if (stopped || originMs < 0) {
        levels.add(SweepLevel.skipped(l, originMs));
        continue;
      }
      LevelFigures figures = LevelMeasurer.measure(l, originMs + l.measureStartMs(), originMs + l.endMs(), calls, slo);
      LevelJudgement judgement = LevelJudgement.judge(figures, slo.limitsFor(l.tag()), slo.percentile(),
          config.maxErrorRate());
      levels.add(SweepLevel.measured(l, originMs, figures, judgement));
    }
    SweepSummary.EarlyStop early = new SweepSummary.EarlyStop(stopReason != null, stopReason,
        stoppedAfter < 0 ? null : plan.level(stoppedAfter).value(), skipped);
    return new SweepSummary(config.modeName(), config.unit(), workload(), config.settleSeconds(), config.holdSeconds(),
        originMs, slo.percentile(), slo.describe(), config.maxErrorRate(), early, levels,
        SweepVerdict.of(levels, config.unit(), slo.active()));
  }

  private String workload() {
    return switch (config.workload()) {
      case SINGLE -> "heavy";
      case AGENT -> "agent";
      case MIXED -> "mixed";
      case CONVERSATION -> "conversations";
    };
  }
}
