package io.llmload.gatling;

import io.llmload.report.LlmReportPage;
import java.nio.file.Path;

/** End of run, step 5: llm-report.html from the run folder; a failure is printed and does not stop the run's end. */
final class ReportStep {
  private ReportStep() {
  }

  static void write(Path runDir) {
    try {
      LlmReportPage.write(runDir);
    } catch (RuntimeException e) {
      System.out.println("LLM: the HTML report could not be written: " + e);
    }
  }
}
