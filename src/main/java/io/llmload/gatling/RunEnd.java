package io.llmload.gatling;

import io.llmload.metrics.PauseJudgement;
import io.llmload.run.RunFiles;
import io.llmload.run.RunInfo;
import io.llmload.run.RunRecorder;
import io.llmload.run.RunSummary;
import io.llmload.verdict.RunVerdict;
import io.llmload.metrics.PromptTokenCheck;
import io.llmload.workload.PlannedPrompts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The end of a run, in order: stop measuring; the client's pauses set against the recorded calls
 * (llm-calls.csv gets its client_pause_ms column); llm-summary.json ({@link SummaryStep}); run.json; the
 * verdict ({@link VerdictStep}); the hooks that add files to the run folder (a sweep's summary); the
 * report page ({@link ReportStep}); the console summary; and the archive ({@link RunArchiver}, when the
 * JVM exits, after Gatling's own report). Each step reads only the run folder and what it is given, and
 * each runs even when one before it failed ({@link FinishingSteps}); the run then fails at the end: the
 * console names the failed steps and the JVM exits 2 once Gatling's report is written and the run archived
 * ({@link RunArchiver}). finish() does not throw for a failed step, so Gatling still writes its report.
 */
final class RunEnd {
  private final RunOrigin origin;
  private final Path runDir;
  private final RunRecorder recorder;
  private final RunMonitor monitor;
  private final PlannedPrompts prompts;
  private final PromptTokenCheck promptTokens;
  private final RunVerdict verdict;
  private final RunSettings settings;
  private final Path reportsDir;
  private final List<Consumer<Path>> beforeReport = new CopyOnWriteArrayList<>();

  RunEnd(RunOrigin origin, Path runDir, RunRecorder recorder, RunMonitor monitor, PlannedPrompts prompts,
         PromptTokenCheck promptTokens, RunVerdict verdict, RunSettings settings, Path reportsDir) {
    this.promptTokens = promptTokens;
    this.origin = origin;
    this.runDir = runDir;
    this.recorder = recorder;
    this.monitor = monitor;
    this.prompts = prompts;
    this.verdict = verdict;
    this.settings = settings;
    this.reportsDir = reportsDir;
  }

  void beforeReport(Consumer<Path> hook) {
    beforeReport.add(hook);
  }

  /** Writes every file of the run's end; returns the summary (null when it could not be built). */
  RunSummary finish() {
    FinishingSteps steps = new FinishingSteps();
    steps.run("stopping the monitor", monitor::stop);
    steps.run("closing " + RunFiles.CALLS, recorder::close);
    steps.run("closing the prompt builder", prompts::close);
    String[] unjudged = {"the step failed"};
    PauseJudgement pauses = steps.run("setting the client's pauses against " + RunFiles.CALLS, () -> {
      try {
        return monitor.judgePauses(runDir);
      } catch (RuntimeException e) {
        unjudged[0] = e.getMessage();
        throw e;
      }
    });
    RunSummary summary = steps.run("building the summary", () -> SummaryStep.build(origin.describe(Instant.now()),
        recorder, monitor, prompts, promptTokens, pauses, unjudged[0]));
    if (summary != null) {
      steps.run(RunFiles.SUMMARY, () -> summary.write(runDir));
    }
    steps.run(RunFiles.RUN_INFO, () -> RunInfo.write(runDir, origin.runJson()));
    if (summary != null) {
      steps.run("verdict", () -> VerdictStep.apply(verdict, summary, runDir, origin.label()));
    } else if (verdict.active()) {
      steps.skipped("verdict", "no summary to check");
    }
    for (Consumer<Path> hook : beforeReport) {
      steps.run("run folder hook", () -> hook.accept(runDir));
    }
    steps.run(RunFiles.REPORT, () -> ReportStep.write(runDir));
    if (summary != null) {
      System.out.println(summary.console());
    }
    System.out.println("LLM run files: " + runDir.toAbsolutePath());
    if (verdict.failed()) {
      System.out.println(verdict.failureMessage());
    }
    RunArchiver.register(runDir, settings.gatlingResults(), origin.simulation(), reportsDir, origin.label(),
        origin.started(), settings.archive(), () -> verdict.failed() || steps.anyFailed());
    String failure = steps.failure();
    if (failure != null) {
      System.out.println(failure);
    }
    return summary;
  }
}
