package io.llmload.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduleConfigTest {
  private static LlmConfig read(Map<String, String> props) {
    return LlmConfig.read(Settings.of(props), LlmConfig.Defaults.SMOKE);
  }

  @Test
  void theSeedsEvenSpreadStaysTheDefault() {
    ScheduleConfig s = read(Map.of()).schedule();
    assertThat(s.arrival()).isEqualTo(Arrival.EVEN);
    assertThat(s.scheduled()).isFalse();
    assertThat(s.rateFor(8, 2)).isEqualTo(4);
  }

  @Test
  void arrivalsRateAndCapAreRead() {
    ScheduleConfig s = read(Map.of("llm.arrival", "gamma", "llm.rate", "12.5", "llm.burstiness", "0.5",
        "llm.maxConcurrency", "16")).schedule();
    assertThat(s).isEqualTo(new ScheduleConfig(Arrival.GAMMA, 12.5, 0.5, 16, s.trace()));
    assertThat(s.scheduled()).isTrue();
    assertThat(s.rateFor(8, 2)).isEqualTo(12.5);
  }

  @Test
  void contradictionsAreRefusedNamingTheSetting() {
    assertThatThrownBy(() -> read(Map.of("llm.arrival", "poisson", "llm.rampSeconds", "0")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("-Dllm.rate=");
    assertThatThrownBy(() -> read(Map.of("llm.burstiness", "0.5")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("-Dllm.arrival=gamma");
    assertThatThrownBy(() -> read(Map.of("llm.maxConcurrency", "4", "llm.injection", "closed")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("llm.injection=closed");
    assertThatThrownBy(() -> read(Map.of("llm.arrival", "bursty")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("even or poisson or gamma");
  }

  @Test
  void traceOptionsAreRead() {
    ScheduleConfig.Trace t = read(Map.of("llm.trace.file", "t.jsonl", "llm.trace.format", "mooncake",
        "llm.trace.speedup", "4", "llm.trace.limit", "100", "llm.trace.rateScale", "0.5")).schedule().trace();
    assertThat(t).isEqualTo(new ScheduleConfig.Trace(null, "t.jsonl", "mooncake", 4, 0, 0, 100, 0.5));
  }
}
