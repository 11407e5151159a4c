package io.llmload.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmload.servermetrics.GpuScrapes;
import io.llmload.servermetrics.MetricsSnapshot;
import io.llmload.servermetrics.PrometheusTextParser;
import org.junit.jupiter.api.Test;

/** The simulated GPUs' power model on a hand-driven clock: exact energy, the cap, the log and the dcgm text. */
class GpuPowerTest {
  private long now;

  private GpuPower power(boolean counter) {
    return new GpuPower(2, 100, 10, 150, counter, () -> now);
  }

  @Test
  void energyIsThePowerOfEachBatchSizeTimesHowLongItHeld() {
    GpuPower p = power(true);
    now = 1_000_000_000L; // 1 s idle: 100 J
    p.add(1);
    p.add(1);
    now += 2_000_000_000L; // 2 s at 2 sequences: 120 W → 240 J
    p.set(9);
    now += 500_000_000L; // 0.5 s at 9 sequences: 190 W capped at 150 → 75 J
    p.add(-9);
    now += 250_000_000L; // 0.25 s idle: 25 J
    assertThat(p.joulesPerGpu()).isCloseTo(440.0, within(1e-9));
    assertThat(p.log()).extracting(GpuPower.Step::running).containsExactly(0, 1, 2, 9, 0);
    assertThat(p.log()).extracting(GpuPower.Step::watts).containsExactly(100.0, 110.0, 120.0, 150.0, 100.0);
    p.set(0); // no change: not logged
    assertThat(p.log()).hasSize(5);
  }

  @Test
  void rendersEveryGpuAsDcgmExporterDoes() throws Exception {
    GpuPower p = power(true);
    p.add(3);
    now += 2_000_000_000L; // 130 W for 2 s
    MetricsSnapshot s = PrometheusTextParser.parse(p.render());
    assertThat(s.samples(GpuScrapes.POWER_USAGE)).hasSize(2)
        .allSatisfy(x -> assertThat(x.value()).isEqualTo(130.0));
    assertThat(s.samples(GpuScrapes.TOTAL_ENERGY)).allSatisfy(x -> assertThat(x.value()).isEqualTo(260_000.0));
    assertThat(s.samples(GpuScrapes.GPU_UTIL)).allSatisfy(x -> assertThat(x.value()).isEqualTo(60.0));
    assertThat(s.samples(GpuScrapes.FB_USED)).allSatisfy(x -> assertThat(x.value()).isEqualTo(73_403.0));
    assertThat(s.samples(GpuScrapes.POWER_USAGE).get(1).label("gpu")).isEqualTo("1");
    assertThat(s.samples(GpuScrapes.POWER_USAGE).get(1).label("UUID")).isEqualTo(GpuPower.uuid(1));
    assertThat(s.samples(GpuPower.SCRAPE_SERIES).get(0).value()).isEqualTo(0.0);
    assertThat(p.scrapeNanos()).containsExactly(2_000_000_000L);
    assertThat(PrometheusTextParser.parse(power(false).render()).samples(GpuScrapes.TOTAL_ENERGY)).isEmpty();
  }

  @Test
  void theBatchingEngineReportsItsRunningQueue() throws Exception {
    try (VllmSimulator sim = VllmSimulator.start(SimConfig.builder().mode(SimMode.BATCHING).maxModelLen(8192)
        .gpuIdleW(50).gpuWattsPerSeq(1).build())) {
      TestHttp http = new TestHttp(sim);
      var r = http.post("/v1/chat/completions", "{\"model\":\"" + sim.config().model() + "\",\"messages\":"
          + "[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":20,\"ignore_eos\":true}");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(Await.until(() -> sim.gpuPower().log().size() >= 3, 5_000)).isTrue();
      assertThat(sim.gpuPower().log()).extracting(GpuPower.Step::running).startsWith(0, 1).endsWith(0);
      assertThat(sim.gpuPower().joulesPerGpu()).isPositive();
    }
  }
}
