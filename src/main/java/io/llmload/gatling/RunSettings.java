package io.llmload.gatling;

import io.llmload.config.FamilyGrammar;
import io.llmload.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The settings a run reads beside {@link io.llmload.config.LlmConfig}, and which are not part of its
 * effective configuration: the verdict families (llm.slo.*, llm.assert.*, llm.regression.* and
 * llm.baseline), where the run is archived from and to, and the client-health pause threshold.
 *
 * @param verdict        the family entries and llm.baseline, for SloPolicy and RunVerdict
 * @param archive        llm.archive: keep the run under llm.reportsDir
 * @param gatlingResults llm.gatlingResultsDir: where Gatling writes its report
 * @param gpuMetricsUrl  llm.gpuMetricsUrl: dcgm-exporter URLs, or null (GpuMonitor checks it)
 * @param gpuMetricsFile llm.gpuMetricsFile: an nvidia-smi CSV file, or null (GpuMonitor checks it)
 * @param clientPauseMs  llm.clientPauseMs: an event-loop probe at least this late is recorded as a client pause
 */
public record RunSettings(Map<String, String> verdict, boolean archive, Path gatlingResults, String gpuMetricsUrl,
                          String gpuMetricsFile, double clientPauseMs) {
  public RunSettings {
    verdict = Map.copyOf(verdict);
  }

  /** Settings without GPU telemetry, with the default pause threshold ({@link ClientHealth#PAUSE_MS}). */
  public RunSettings(Map<String, String> verdict, boolean archive, Path gatlingResults) {
    this(verdict, archive, gatlingResults, null, null, ClientHealth.PAUSE_MS);
  }

  public static RunSettings read(Settings s) {
    Map<String, String> verdict = new TreeMap<>();
    verdict.putAll(s.family(FamilyGrammar.SLO));
    verdict.putAll(s.family(FamilyGrammar.ASSERT));
    verdict.putAll(s.family(FamilyGrammar.REGRESSION));
    String baseline = s.raw("llm.baseline");
    if (baseline != null) {
      verdict.put("llm.baseline", baseline);
    }
    return new RunSettings(verdict, s.bool("llm.archive", true), Path.of(s.string("llm.gatlingResultsDir", "target/gatling")),
        s.string("llm.gpuMetricsUrl", null), s.string("llm.gpuMetricsFile", null),
        s.decimal("llm.clientPauseMs", ClientHealth.PAUSE_MS, 0.5, 60_000));
  }
}
