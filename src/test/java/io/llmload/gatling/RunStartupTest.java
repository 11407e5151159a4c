package io.llmload.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmload.config.ConfigException;
import io.llmload.config.LlmConfig;
import io.llmload.config.Settings;
import io.llmload.sim.SimConfig;
import io.llmload.sim.SimMode;
import io.llmload.sim.VllmSimulator;
import io.llmload.workload.JourneyKind;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad targets and settings stop the run before any load, naming what is wrong and how to fix it. */
class RunStartupTest {
  private static VllmSimulator server;

  @TempDir
  Path tmp;

  @BeforeAll
  static void startServer() {
    server = VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).ttftMs(10).itlMs(1).maxModelLen(8192).port(0).build());
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private LlmConfig config(String... keyValues) {
    Map<String, String> props = new HashMap<>();
    props.put("llm.outputDir", tmp.toString());
    props.put("llm.metricsUrl", "off");
    for (int i = 0; i < keyValues.length; i += 2) {
      props.put(keyValues[i], keyValues[i + 1]);
    }
    return LlmConfig.read(Settings.of(props), LlmConfig.Defaults.SMOKE);
  }

  @Test
  void anUnreachableServerIsNamed() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort;
    assertThatThrownBy(() -> new LlmRun("t", config("llm.baseUrl", url), JourneyKind.MIXED))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("llm.baseUrl=" + url + " is unreachable")
        .hasMessageContaining("leave it unset to use the embedded simulator");
  }

  @Test
  void anUnknownModelListsTheServedOnes() {
    assertThatThrownBy(() -> new LlmRun("t", config("llm.baseUrl", server.baseUrl(), "llm.model", "gpt-17"), JourneyKind.MIXED))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("llm.model=gpt-17 is not served")
        .hasMessageContaining(server.config().model());
  }

  @Test
  void withoutAModelTheOnlyServedModelIsUsed() {
    try (LlmRun run = new LlmRun("t", config("llm.baseUrl", server.baseUrl()), JourneyKind.MIXED)) {
      assertThat(run.model()).isEqualTo(server.config().model());
      assertThat(run.serverVersion()).isNotBlank();
    }
  }

  @Test
  void aWorkloadTooLongForTheModelStopsBeforeTheLoad() {
    assertThatThrownBy(() -> new LlmRun("t", config("llm.baseUrl", server.baseUrl(), "llm.input.min", "7000",
        "llm.input.max", "10000", "llm.output.min", "4000", "llm.output.max", "6000"), JourneyKind.SINGLE))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("above max_model_len 8192")
        .hasMessageContaining("llm.input.max");
    assertThat(server.requestLog().records()).noneMatch(r -> r.promptTokens() > 1000);
  }

  @Test
  void aWrongApiKeyIsNamed() {
    try (VllmSimulator locked = VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).apiKey("right").port(0).build())) {
      assertThatThrownBy(() -> new LlmRun("t", config("llm.baseUrl", locked.baseUrl(), "llm.apiKey", "wrong"), JourneyKind.MIXED))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("refused the API key")
          .hasMessageNotContaining("wrong");
    }
  }

  @Test
  void unknownAssertionAndSloNamesAreRejected() {
    System.setProperty("llm.assert.ttftP97Ms", "10");
    try {
      assertThatThrownBy(() -> new LlmRun("t", config("llm.baseUrl", server.baseUrl()), JourneyKind.MIXED))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("llm.assert.ttftP97Ms is not an assertion");
    } finally {
      System.clearProperty("llm.assert.ttftP97Ms");
    }
    System.setProperty("llm.slo.latencyMs", "10");
    try {
      assertThatThrownBy(() -> new LlmRun("t", config("llm.baseUrl", server.baseUrl()), JourneyKind.MIXED))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("llm.slo.latencyMs is not an SLO");
    } finally {
      System.clearProperty("llm.slo.latencyMs");
    }
  }

  @Test
  void unknownSettingsStopTheRunBeforeTheConfigurationIsRead() {
    System.setProperty("llm.user", "10");
    try {
      assertThatThrownBy(() -> LlmRun.start("t", () -> {
        throw new AssertionError("the configuration was read before the unknown key was refused");
      }, JourneyKind.MIXED))
          .isInstanceOf(ConfigException.class)
          .hasMessage("-Dllm.user is not a setting; did you mean -Dllm.users? (every setting is listed in README.md)");
    } finally {
      System.clearProperty("llm.user");
    }
  }

  @Test
  void theArchiveAndVerdictSettingsAreReadThroughSettings() {
    RunSettings s = RunSettings.read(new Settings(Map.of("llm.slo.ttftMs", "100", "llm.assert.ttftP95Ms", "9",
        "llm.users", "3", "llm.gatlingResultsDir", "g"), Map.of("LLM_ARCHIVE", "false", "LLM_BASELINE", "reports/x")));
    assertThat(s.archive()).isFalse();
    assertThat(s.gatlingResults()).isEqualTo(Path.of("g"));
    assertThat(s.verdict()).containsOnlyKeys("llm.slo.ttftMs", "llm.assert.ttftP95Ms", "llm.baseline")
        .containsEntry("llm.baseline", "reports/x");
    assertThatThrownBy(() -> RunSettings.read(Settings.of(Map.of("llm.archive", "no"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("llm.archive=no is not a boolean");
  }

  @Test
  void everyReplicaIsCheckedBeforeTheLoadAndABadOneIsNamed() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String dead = "http://127.0.0.1:" + closedPort;
    assertThatThrownBy(() -> new LlmRun("t", config("llm.baseUrl", server.baseUrl() + "," + dead), JourneyKind.MIXED))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("llm.baseUrl=" + dead + " is unreachable");
    try (VllmSimulator other = VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).model("another-model")
        .port(0).build())) {
      assertThatThrownBy(() -> new LlmRun("t", config("llm.baseUrl", server.baseUrl() + "," + other.baseUrl()),
          JourneyKind.MIXED))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("llm.model=" + server.config().model() + " is not served by " + other.baseUrl())
          .hasMessageContaining("another-model");
      assertThat(other.requestLog().records()).as("no load was sent").isEmpty();
    }
    try (VllmSimulator twin = VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).maxModelLen(8192).port(0).build());
        LlmRun run = new LlmRun("t", config("llm.baseUrl", server.baseUrl() + "," + twin.baseUrl()), JourneyKind.MIXED)) {
      assertThat(run.replicas().size()).isEqualTo(2);
      assertThat(run.replicas().url(1)).isEqualTo(twin.baseUrl());
    }
  }

  @Test
  void theClientPauseThresholdIsReadThroughSettingsAndChecked() {
    assertThat(RunSettings.read(Settings.of(Map.of())).clientPauseMs()).isEqualTo(ClientHealth.PAUSE_MS);
    assertThat(RunSettings.read(Settings.of(Map.of("llm.clientPauseMs", "2.5"))).clientPauseMs()).isEqualTo(2.5);
    assertThatThrownBy(() -> RunSettings.read(Settings.of(Map.of("llm.clientPauseMs", "0.1"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("llm.clientPauseMs");
  }
}
