package io.llmload.gatling;

import io.llmload.metrics.PauseJudgement;
import io.llmload.metrics.PromptTokenCheck;
import io.llmload.run.RunDescription;
import io.llmload.run.RunRecorder;
import io.llmload.run.RunSummary;
import io.llmload.workload.PlannedPrompts;
import java.util.Map;

/** End of run, step 1: the summary from the recorder's figures, the client's health and the server's metrics. */
final class SummaryStep {
  private SummaryStep() {
  }

  /** The summary, not yet written (RunEnd writes it to llm-summary.json as a step of its own). */
  static RunSummary build(RunDescription description, RunRecorder recorder, RunMonitor monitor,
                          PlannedPrompts prompts, PromptTokenCheck promptTokens, PauseJudgement pauses,
                          String unjudged) {
    RunSummary summary = RunSummary.of(description, recorder);
    summary.put("client_health", monitor.clientHealth(pauses, unjudged));
    summary.put("server", monitor.serverSummary());
    Map<String, Object> totals = recorder.totals();
    Map<String, Object> gpu = monitor.gpuSummary(((Number) totals.get("output_tokens")).longValue(),
        ((Number) totals.get("ok")).longValue());
    if (gpu != null) {
      summary.put("gpu", gpu);
    }
    summary.put("prompts", Map.of("build", prompts.describe()));
    summary.put("prompt_tokens", promptTokens.summary());
    Map<String, Object> slo = recorder.slo();
    if (slo != null) {
      summary.put("slo", slo);
    }
    return summary;
  }
}
