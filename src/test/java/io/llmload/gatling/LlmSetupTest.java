package io.llmload.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatling.javaapi.core.ClosedInjectionStep;
import io.llmload.config.LlmConfig;
import io.llmload.config.Settings;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The injection profiles the simulations hand to Gatling. */
class LlmSetupTest {
  private static LlmConfig config(String... keyValues) {
    Map<String, String> props = new java.util.HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      props.put(keyValues[i], keyValues[i + 1]);
    }
    return LlmConfig.read(Settings.of(props), LlmConfig.Defaults.SEED);
  }

  private static String closed(LlmConfig config) {
    return Arrays.stream(LlmSetup.closedInjection(config)).map(ClosedInjectionStep::asScala).map(Object::toString).toList().toString();
  }

  @Test
  void openUsersArriveOverTheRampOrAllAtOnce() {
    assertThat(LlmSetup.openInjection(config("llm.users", "200", "llm.rampSeconds", "20")).asScala())
        .hasToString("RampOpenInjection(200,20 seconds)");
    assertThat(LlmSetup.openInjection(config("llm.users", "7", "llm.rampSeconds", "0")).asScala())
        .hasToString("AtOnceOpenInjection(7)");
  }

  @Test
  void closedUsersRampThenHold() {
    assertThat(closed(config("llm.users", "50", "llm.rampSeconds", "10", "llm.holdSeconds", "120")))
        .isEqualTo("[RampConcurrentUsersInjection(0,50,10 seconds), ConstantConcurrentUsersInjection(50,120 seconds)]");
    assertThat(LlmSetup.closedInjection(config("llm.users", "5", "llm.rampSeconds", "0"))).hasSize(1);
  }

  @Test
  void aShardHoldsItsShareOfTheConcurrencyAndSendsFromTheSchedule() {
    // 50 users over 3 injectors: 17 + 17 + 16
    for (String[] c : new String[][] {{"0/3", "17"}, {"1/3", "17"}, {"2/3", "16"}}) {
      assertThat(closed(config("llm.users", "50", "llm.injection", "closed", "llm.rampSeconds", "10", "llm.shard", c[0],
          "llm.runId", "r"))).contains("ConstantConcurrentUsersInjection(" + c[1] + ",");
    }
    LlmConfig open = config("llm.users", "50", "llm.shard", "1/3", "llm.runId", "r");
    assertThat(LlmSetup.fromSchedule(open)).isTrue();
    assertThat(LlmSetup.fromSchedule(config("llm.users", "50"))).isFalse();
    // a cap of 10 over 3 injectors: 4 + 3 + 3 users, one per slot
    LlmConfig capped = config("llm.users", "50", "llm.maxConcurrency", "10", "llm.shard", "2/3", "llm.runId", "r");
    assertThat(LlmSetup.scheduledUsers(capped, io.llmload.workload.schedule.Schedules.arrivals(capped)
        .shard(capped.shard()))).isEqualTo(3);
  }

  @Test
  void warmupCallsAreSplitOverAtMostTwentyUsersSentAtOnce() {
    LlmConfig defaults = config();
    assertThat(defaults.warmupCalls()).isEqualTo(100);
    assertThat(defaults.warmConnections()).isTrue();
    assertThat(LlmSetup.warmupUsers(defaults)).isEqualTo(20);
    assertThat(LlmSetup.warmupRounds(defaults)).isEqualTo(5);
    LlmConfig odd = config("llm.warmupCalls", "41");
    assertThat(LlmSetup.warmupUsers(odd)).isEqualTo(20);
    assertThat(LlmSetup.warmupRounds(odd)).isEqualTo(3); // 20 + 20 + 1
    LlmConfig few = config("llm.warmupCalls", "3");
    assertThat(LlmSetup.warmupUsers(few)).isEqualTo(3);
    assertThat(LlmSetup.warmupRounds(few)).isEqualTo(1);
    LlmConfig none = config("llm.warmupCalls", "0");
    assertThat(LlmSetup.warmupUsers(none)).isZero();
    assertThat(LlmSetup.warmupRounds(none)).isZero();
    assertThat(LlmConfig.read(Settings.of(Map.of()), LlmConfig.Defaults.SMOKE).warmupCalls()).isEqualTo(20);
  }
}
