package io.llmload.gatling;

import io.llmload.run.RunInfo;
import io.llmload.run.RunRecorder;
import io.llmload.run.RunSummary;
import io.llmload.verdict.RunVerdict;
import io.llmload.workload.PlannedPrompts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The end of a run, in order: stop measuring; llm-summary.json ({@link SummaryStep}); run.json; the
 * verdict ({@link VerdictStep}); the hooks that add files to the run folder (a sweep's summary); the
 * report page ({@link ReportStep}); the console summary; and the archive ({@link RunArchiver}, when the
 * JVM exits, after Gatling's own report). Each step reads only the run folder and what it is given.
 */
final class RunEnd {
  private final RunOrigin origin;
  private final Path runDir;
  private final RunRecorder recorder;
  private final RunMonitor monitor;
  private final PlannedPrompts prompts;
  private final RunVerdict verdict;
  private final RunSettings settings;
  private final Path reportsDir;
  private final List<Consumer<Path>> beforeReport = new CopyOnWriteArrayList<>();

  RunEnd(RunOrigin origin, Path runDir, RunRecorder recorder, RunMonitor monitor, PlannedPrompts prompts,
         RunVerdict verdict, RunSettings settings, Path reportsDir) {
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

  RunSummary finish() {
    monitor.stop();
    recorder.close();
    prompts.close();
    RunSummary summary = SummaryStep.write(origin.describe(Instant.now()), recorder, monitor, prompts, runDir);
    RunInfo.write(runDir, origin.runJson());
    VerdictStep.apply(verdict, summary, runDir, origin.label());
    for (Consumer<Path> hook : beforeReport) {
      try {
        hook.accept(runDir);
      } catch (RuntimeException e) {
        System.out.println("LLM: a finishing step failed: " + e);
      }
    }
    ReportStep.write(runDir);
    System.out.println(summary.console());
    System.out.println("LLM run files: " + runDir.toAbsolutePath());
    if (verdict.failed()) {
      System.out.println(verdict.failureMessage());
    }
    RunArchiver.register(runDir, settings.gatlingResults(), origin.simulation(), reportsDir, origin.label(),
        origin.started(), settings.archive(), verdict::failed);
    return summary;
  }
}
