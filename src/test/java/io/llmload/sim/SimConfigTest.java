package io.llmload.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmload.config.Settings;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SimConfigTest {

  private static SimConfig props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) p.setProperty(kv[i], kv[i + 1]);
    return SimConfig.fromProperties(p);
  }

  @Test
  void defaultsAreTheQwenProfileInBatchingMode() {
    SimConfig c = props();
    assertThat(c.mode()).isEqualTo(SimMode.BATCHING);
    assertThat(c.profile().name()).isEqualTo("qwen3-next-80b");
    assertThat(c.model()).isEqualTo("Qwen/Qwen3-Next-80B-A3B-Instruct");
    assertThat(c.port()).isZero();
    assertThat(c.describe()).startsWith("batching, profile qwen3-next-80b, max_num_seqs 256");
  }

  @Test
  void llamaProfileBringsItsModelAndLimits() {
    SimConfig c = props("sim.profile", "llama-3.1-8b-h100", "sim.maxNumSeqs", "64");
    assertThat(c.model()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
    assertThat(c.maxNumSeqs()).isEqualTo(64);
    assertThat(c.maxNumBatchedTokens()).isEqualTo(8192);
    SimConfig fixed = props("sim.mode", "FIXED", "sim.ttftMs", "100", "sim.itlMs", "5", "sim.model", "m");
    assertThat(fixed.describe()).startsWith("fixed, ttft 100 ms, itl 5 ms, model m");
  }

  @Test
  void badValuesNameThePropertyAndTheFix() {
    assertThatThrownBy(() -> props("sim.ttftMs", "fast")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sim.ttftMs").hasMessageContaining("-Dsim.ttftMs=");
    assertThatThrownBy(() -> props("sim.mode", "turbo")).hasMessageContaining("sim.mode").hasMessageContaining("batching");
    assertThatThrownBy(() -> props("sim.profile", "gpt-5")).hasMessageContaining("sim.profile")
        .hasMessageContaining("llama-3.1-8b-h100");
    assertThatThrownBy(() -> props("sim.maxNumSeqs", "0")).hasMessageContaining("sim.maxNumSeqs");
    assertThatThrownBy(() -> props("sim.port", "70000")).hasMessageContaining("sim.port");
    assertThatThrownBy(() -> props("sim.faults", "boom:0.1")).hasMessageContaining("sim.faults");
    assertThatThrownBy(() -> props("sim.faults", "cut:0.7,stall:0.7")).hasMessageContaining("sim.faults");
    assertThatThrownBy(() -> props("sim.itlMs", "-1")).hasMessageContaining("sim.itlMs");
  }

  @Test
  void describeNeverShowsTheApiKey() {
    SimConfig c = props("sim.apiKey", "top-secret-key");
    assertThat(c.describe()).doesNotContain("top-secret-key").contains("api key required");
    assertThat(c.toString()).doesNotContain("top-secret-key");
  }

  @Test
  void faultSpecParses() {
    SimConfig c = props("sim.faults", "http500:0.05, http429:0.02,cut:0.02");
    assertThat(c.faults().rate(FaultKind.HTTP500)).isEqualTo(0.05);
    assertThat(c.faults().rate(FaultKind.CUT)).isEqualTo(0.02);
    assertThat(c.faults().rate(FaultKind.STALL)).isZero();
  }

  @Test
  void readsThroughSettings() {
    SimConfig c = SimConfig.read(Settings.of(Map.of("sim.port", "9123", "sim.mode", "fixed", "sim.ttftMs", "7",
        "sim.profile", " llama-3.1-8b-h100 ")));
    assertThat(c.port()).isEqualTo(9123);
    assertThat(c.mode()).isEqualTo(SimMode.FIXED);
    assertThat(c.ttftMs()).isEqualTo(7);
    assertThat(c.profile().name()).isEqualTo("llama-3.1-8b-h100");
    // sim.* settings have no environment twin: SIM_PORT is not read
    assertThat(SimConfig.read(new Settings(Map.of(), Map.of("SIM_PORT", "9000"))).port()).isZero();
  }
}
