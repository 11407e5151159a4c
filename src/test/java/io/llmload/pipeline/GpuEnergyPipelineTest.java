package io.llmload.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmload.csv.CsvTable;
import io.llmload.run.GpuFigures;
import io.llmload.run.RunFiles;
import io.llmload.run.RunFolder;
import io.llmload.sim.GpuPower;
import io.llmload.sim.SimConfig;
import io.llmload.sim.SimMode;
import io.llmload.sim.VllmSimulator;
import io.llmload.testing.Slow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPU energy through the whole suite: a Gatling run against a simulator serving its dcgm-like endpoint
 * (llm.gpuMetricsUrl), its "gpu" summary checked against the simulator's power log over the scrapes the run
 * kept, the report's GPU section and charts, and compare putting two power models side by side.
 */
@Slow
class GpuEnergyPipelineTest {

  private static VllmSimulator sim(double idleW) {
    return VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).ttftMs(20).itlMs(5).maxModelLen(8192)
        .gpus(2).gpuIdleW(idleW).gpuWattsPerSeq(10).gpuMaxW(400).build());
  }

  private static Path run(Path tmp, String label, VllmSimulator sim) {
    Map<String, String> load = PipelineRuns.smallClosedLoad(8, 3);
    load.put("llm.baseUrl", sim.baseUrl());
    load.put("llm.gpuMetricsUrl", sim.dcgmMetricsUrl());
    load.put("llm.metricsPeriodSeconds", "0.2");
    return PipelineRuns.run(tmp, label, load);
  }

  /** The simulator's joules (all GPUs) from its power log between the first and last scrape the run kept. */
  private static double knownJoules(Path runDir, VllmSimulator sim) throws Exception {
    List<Long> all = sim.gpuPower().scrapeNanos();
    List<Long> kept = new ArrayList<>();
    try (CsvTable t = CsvTable.open(runDir.resolve(RunFiles.GPU_RAW))) {
      int name = t.require("name");
      int value = t.require("value");
      while (t.next()) {
        if (t.string(name).equals(GpuPower.SCRAPE_SERIES)) {
          kept.add(all.get((int) Math.round(t.decimal(value))));
        }
      }
    }
    assertThat(kept).hasSizeGreaterThan(5);
    long from = kept.get(0);
    long to = kept.get(kept.size() - 1);
    List<GpuPower.Step> log = sim.gpuPower().log();
    double j = 0;
    for (int i = 0; i < log.size(); i++) {
      long a = Math.max(from, log.get(i).nanos());
      long b = Math.min(to, i + 1 < log.size() ? log.get(i + 1).nanos() : Long.MAX_VALUE);
      if (b > a) {
        j += log.get(i).watts() * (b - a) / 1e9;
      }
    }
    return sim.gpuPower().gpus() * j;
  }

  @Test
  @Timeout(240)
  void aRunReportsItsEnergyPerTokenAndCompareSetsTwoSideBySide(@TempDir Path tmp) throws Exception {
    Path low;
    Path high;
    double knownLow;
    double knownHigh;
    try (VllmSimulator sim = sim(50)) {
      low = run(tmp, "idle50", sim);
      knownLow = knownJoules(low, sim);
    }
    try (VllmSimulator sim = sim(150)) {
      high = run(tmp, "idle150", sim);
      knownHigh = knownJoules(high, sim);
    }
    RunFolder folder = RunFolder.open(low);
    GpuFigures gpu = folder.gpu().orElseThrow();
    JsonNode totals = folder.summary().path("totals");
    long outputTokens = totals.path("output_tokens").asLong();
    assertThat(outputTokens).isPositive();
    assertThat(gpu.source()).isEqualTo("url");
    assertThat(gpu.method()).isEqualTo("energy_counter");
    assertThat(gpu.gpus()).isEqualTo(2);
    assertThat(gpu.energyJ()).isCloseTo(knownLow, within(knownLow * 0.01));
    assertThat(gpu.joulesPerOutputToken()).isCloseTo(knownLow / outputTokens, within(knownLow / outputTokens * 0.01));
    assertThat(gpu.joulesPerRequest()).isCloseTo(gpu.energyJ() / totals.path("ok").asLong(), within(1e-3));
    assertThat(gpu.perGpu()).hasSize(2).allSatisfy(g -> assertThat(g.memUsedMaxBytes()).isPositive());
    assertThat(folder.gpuSamples()).isNotEmpty();

    String report = Files.readString(low.resolve(RunFiles.REPORT));
    assertThat(report).contains("<h2>GPU energy</h2>").contains("id=\"gpu-per-gpu\"").contains("\"gpu_power\"")
        .contains("\"gpu_util\"");

    PipelineRuns.Comparison c = PipelineRuns.compare(low, high, Files.createDirectories(tmp.resolve("compare")));
    JsonNode energy = c.json().path("comparisons").get(0).path("gpu_energy");
    // side by side: each run's own figure (its throughput differs too: the first Gatling run in a JVM is cold, so
    // only the figures are asserted, not which run wins), and Δ their difference
    double perTokenLow = knownLow / outputTokens;
    double perTokenHigh = knownHigh / RunFolder.open(high).summary().path("totals").path("output_tokens").asLong();
    JsonNode perToken = energy.path("joules_per_output_token");
    assertThat(perToken.path("baseline").asDouble()).isCloseTo(perTokenLow, within(perTokenLow * 0.01));
    assertThat(perToken.path("run").asDouble()).isCloseTo(perTokenHigh, within(perTokenHigh * 0.01));
    assertThat(perToken.path("delta").asDouble()).isCloseTo(perTokenHigh - perTokenLow,
        within((perTokenLow + perTokenHigh) * 0.01));
    assertThat(energy.path("output_tokens_per_joule").path("run").asDouble())
        .isCloseTo(1 / perTokenHigh, within(0.01 / perTokenHigh));
    assertThat(c.stdout()).contains("### GPU energy").contains("energy per output token (J)");
  }
}
