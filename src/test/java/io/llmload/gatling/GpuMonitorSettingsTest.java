package io.llmload.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmload.config.ConfigException;
import io.llmload.sim.SimConfig;
import io.llmload.sim.VllmSimulator;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** llm.gpuMetricsUrl and llm.gpuMetricsFile are checked before any load, with the setting named. */
@Timeout(60)
class GpuMonitorSettingsTest {
  @TempDir
  Path dir;

  private static GpuMonitor create(String url, String file) {
    return GpuMonitor.create(url, file, null, Duration.ofSeconds(1), Duration.ofMinutes(1), System::currentTimeMillis);
  }

  @Test
  void neitherSetMeansNoGpuFigures() {
    assertThat(create(null, null).enabled()).isFalse();
    assertThat(create("off", "").in(dir).summary(10, 1)).isNull();
  }

  @Test
  void bothSetAreRefused() {
    assertThatThrownBy(() -> create("http://127.0.0.1:9400/metrics", "smi.csv")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("llm.gpuMetricsUrl and llm.gpuMetricsFile are both set");
  }

  @Test
  void aMalformedOrUnreachableUrlIsRefused() throws Exception {
    assertThatThrownBy(() -> create("ftp://x/metrics", null)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("llm.gpuMetricsUrl=ftp://x/metrics");
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    assertThatThrownBy(() -> create("http://127.0.0.1:" + closed + "/metrics", null))
        .isInstanceOf(ConfigException.class).hasMessageContaining("llm.gpuMetricsUrl")
        .hasMessageContaining("does not answer").hasMessageContaining("remove the setting");
  }

  @Test
  void aUrlWithoutDcgmFieldsIsRefusedAndTheSimulatorsIsAccepted() {
    try (VllmSimulator sim = VllmSimulator.start(SimConfig.builder().build())) {
      assertThatThrownBy(() -> create(sim.baseUrl() + "/metrics", null)).isInstanceOf(ConfigException.class)
          .hasMessageContaining("has neither DCGM_FI_DEV_POWER_USAGE");
      assertThatThrownBy(() -> create(sim.baseUrl() + "/nothing", null)).hasMessageContaining("HTTP 404");
      assertThat(create(sim.dcgmMetricsUrl(), null).in(dir).enabled()).isTrue();
    }
    try (VllmSimulator sim = VllmSimulator.start(SimConfig.builder().gpus(0).build())) {
      assertThatThrownBy(() -> create(sim.dcgmMetricsUrl(), null)).hasMessageContaining("HTTP 404");
    }
  }

  @Test
  void aFileThatDoesNotParseIsRefusedNamingTheLine() throws Exception {
    Path f = dir.resolve("smi.csv");
    Files.writeString(f, "timestamp, index, power.draw [W]\n2026/12/01 17:00:00.000, 0, 100 W\n"
        + "2026/12/01 17:00:00.500, 0, much W\n");
    assertThatThrownBy(() -> create(null, f.toString())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("llm.gpuMetricsFile=" + f).hasMessageContaining("line 3");
    assertThatThrownBy(() -> create(null, dir.resolve("none.csv").toString())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("llm.gpuMetricsFile").hasMessageContaining("does not exist");
  }

  @Test
  void aFileIsReadOverTheWindowAtTheEnd() throws Exception {
    Path f = dir.resolve("smi.csv");
    long[] clock = {1_000_000};
    String header = "timestamp, index, power.draw [W]\n";
    Files.writeString(f, header);
    GpuMonitor m = GpuMonitor.create(null, f.toString(), null, Duration.ofSeconds(1), Duration.ofMinutes(1),
        () -> clock[0]).in(dir);
    m.start();
    clock[0] += 2000;
    m.stop();
    // lines before, inside and after the window [1,000,000, 1,002,000] ms
    StringBuilder lines = new StringBuilder(header);
    for (long t : new long[] {999_000, 1_000_000, 1_001_000, 1_002_000, 1_003_000}) {
      lines.append(java.time.OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(t), java.time.ZoneOffset.UTC))
          .append(", 0, 100 W\n");
    }
    Files.writeString(f, lines.toString());
    var summary = m.summary(400, 4);
    assertThat(summary.get("source")).isEqualTo("file");
    assertThat(summary.get("energy_j")).isEqualTo(200.0);
    assertThat(summary.get("joules_per_output_token")).isEqualTo(0.5);
    assertThat(summary.get("method")).isEqualTo("power_integral");
    assertThat(io.llmload.run.RunFolder.open(dir).gpuSamples()).hasSize(3);
  }
}
