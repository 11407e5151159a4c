package io.llmload.gatling;

import io.llmload.run.RunSummary;
import io.llmload.verdict.RunVerdict;
import java.nio.file.Path;

/**
 * End of run, step 3: when any assertion or regression gate is set, checks the written run, adds the
 * "assertions" section to llm-summary.json and writes llm-junit.xml.
 */
final class VerdictStep {
  private VerdictStep() {
  }

  static void apply(RunVerdict verdict, RunSummary summary, Path runDir, String label) {
    if (verdict.active()) {
      summary.put("assertions", verdict.evaluate(summary.root(), runDir, label));
      summary.write(runDir);
    }
  }
}
