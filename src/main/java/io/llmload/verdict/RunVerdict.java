package io.llmload.verdict;

import io.llmload.run.RunFiles;
import io.llmload.compare.GroupComparator;
import io.llmload.compare.RunData;
import io.llmload.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that can turn a run red, read and validated before the load: SLO assertions
 * (llm.assert.*) and the regression gate against a baseline run (llm.baseline + llm.regression.*).
 * At the end it writes llm-junit.xml (one test case per check, for Jenkins' junit step).
 */
public final class RunVerdict {
  public static final String JUNIT_FILE = "llm-junit.xml";

  private final RunAssertions assertions;
  private final Path baseline;
  private final RegressionThresholds thresholds;
  private List<Check> checks = List.of();

  public RunVerdict(Map<String, String> properties) {
    this.assertions = RunAssertions.read(properties);
    String base = properties.get("llm.baseline");
    try {
      this.thresholds = RegressionThresholds.fromProperties(properties);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    if (base != null && !base.isBlank()) {
      this.baseline = Path.of(base.trim());
      if (!Files.isRegularFile(baseline.resolve(RunFiles.SUMMARY))) {
        throw new ConfigException("llm.baseline=" + base + " has no " + RunFiles.SUMMARY
            + "; point it at an archived run folder, e.g. -Dllm.baseline=reports/20261127-101500-my-label");
      }
      if (thresholds.isEmpty()) {
        throw new ConfigException("llm.baseline is set but no llm.regression.* threshold is; add e.g."
            + " -Dllm.regression.ttftP95Pct=10");
      }
    } else {
      this.baseline = null;
      if (!thresholds.isEmpty()) {
        throw new ConfigException("llm.regression.* thresholds need a baseline run: set -Dllm.baseline=reports/<run>");
      }
    }
  }

  public boolean active() {
    return assertions.active() || baseline != null;
  }

  /**
   * Checks the finished run (its files already in runDir) and writes llm-junit.xml there.
   *
   * @return the "assertions" section of llm-summary.json
   */
  public List<Map<String, Object>> evaluate(Map<String, Object> summary, Path runDir, String label) {
    List<Check> all = new ArrayList<>(assertions.evaluate(summary));
    if (baseline != null) {
      try {
        RegressionGate gate = new RegressionGate(thresholds, new GroupComparator());
        for (Check c : gate.evaluate(RunData.load(baseline), RunData.load(runDir))) {
          all.add(new Check("regression vs " + baseline.getFileName() + ": " + c.name(), c.passed(), c.message(),
              c.observed(), c.threshold()));
        }
      } catch (RuntimeException e) {
        all.add(Check.fail("regression vs " + baseline, "could not compare: " + e.getMessage(), null, null));
      }
    }
    checks = List.copyOf(all);
    if (active()) {
      JUnitXmlWriter.write(runDir.resolve(JUNIT_FILE), "llm-loadtest " + label, checks);
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Check c : checks) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", c.name());
      m.put("passed", c.passed());
      m.put("message", c.message());
      m.put("observed", c.observed());
      m.put("threshold", c.threshold());
      out.add(m);
    }
    return out;
  }

  public boolean failed() {
    return checks.stream().anyMatch(c -> !c.passed());
  }

  /** One message naming each broken check, or "" when all held. */
  public String failureMessage() {
    return failed() ? VerdictFormatter.describe("LLM run verdict: FAILED", checks) : "";
  }
}
