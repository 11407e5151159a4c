package io.llmload.gatling;

import io.llmload.report.LlmReportPage;
import java.nio.file.Path;

/** End of run, step 5: llm-report.html from the run folder. */
final class ReportStep {
  private ReportStep() {
  }

  static void write(Path runDir) {
    LlmReportPage.write(runDir);
  }
}
