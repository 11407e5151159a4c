package io.llmload.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmload.config.ConfigException;
import io.llmload.config.Settings;
import io.llmload.workload.JourneyKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepConfigTest {
  private static SweepConfig read(Map<String, String> p) {
    return SweepConfig.read(Settings.of(p));
  }

  @Test
  void defaults() {
    SweepConfig c = read(Map.of());
    assertThat(c.mode()).isEqualTo(SweepMode.CONCURRENCY);
    assertThat(c.workload()).isEqualTo(JourneyKind.MIXED);
    assertThat(c.levels()).containsExactly(1.0, 8.0, 16.0, 32.0, 64.0, 128.0);
    assertThat(c.settleSeconds()).isEqualTo(10);
    assertThat(c.holdSeconds()).isEqualTo(60);
    assertThat(c.earlyStop()).isTrue();
  }

  @Test
  void levelsFromStartFactorMax() {
    SweepConfig c = read(Map.of("llm.sweep.start", "2", "llm.sweep.factor", "2", "llm.sweep.max", "40"));
    assertThat(c.levels()).containsExactly(2.0, 4.0, 8.0, 16.0, 32.0);
    SweepConfig r = read(Map.of("llm.sweep.mode", "rate", "llm.sweep.start", "0.5", "llm.sweep.factor", "3",
        "llm.sweep.max", "5", "llm.sweep.workload", "agent"));
    assertThat(r.levels()).containsExactly(0.5, 1.5, 4.5);
    assertThat(r.workload()).isEqualTo(JourneyKind.AGENT);
    assertThat(SweepConfig.tag(0.5)).isEqualTo("level_0.5");
  }

  @Test
  void badValuesNameTheProperty() {
    assertThatThrownBy(() -> read(Map.of("llm.sweep.levels", "8,4"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("llm.sweep.levels").hasMessageContaining("increase");
    assertThatThrownBy(() -> read(Map.of("llm.sweep.levels", "1,x"))).hasMessageContaining("llm.sweep.levels")
        .hasMessageContaining("'x'");
    assertThatThrownBy(() -> read(Map.of("llm.sweep.levels", "1.5"))).hasMessageContaining("whole number");
    assertThatThrownBy(() -> read(Map.of("llm.sweep.levels", "0,1"))).hasMessageContaining("positive");
    assertThatThrownBy(() -> read(Map.of("llm.sweep.workload", "chat"))).hasMessageContaining("llm.sweep.workload");
    assertThatThrownBy(() -> read(Map.of("llm.sweep.mode", "ramp"))).hasMessageContaining("llm.sweep.mode");
    assertThatThrownBy(() -> read(Map.of("llm.sweep.holdSeconds", "0"))).hasMessageContaining("llm.sweep.holdSeconds");
    assertThatThrownBy(() -> read(Map.of("llm.sweep.levels", "1,2", "llm.sweep.max", "8")))
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> read(Map.of("llm.sweep.start", "10", "llm.sweep.max", "5")))
        .hasMessageContaining("llm.sweep.max");
    assertThatThrownBy(() -> read(Map.of("llm.sweep.stop.attainment", "2")))
        .hasMessageContaining("llm.sweep.stop.attainment");
  }
}
