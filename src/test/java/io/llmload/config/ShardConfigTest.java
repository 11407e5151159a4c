package io.llmload.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardConfigTest {
  private static LlmConfig read(Map<String, String> props) {
    return LlmConfig.read(Settings.of(props), LlmConfig.Defaults.SMOKE);
  }

  private static Map<String, String> shard(String shard, String... more) {
    Map<String, String> p = new HashMap<>(Map.of("llm.shard", shard, "llm.runId", "r1"));
    for (int i = 0; i + 1 < more.length; i += 2) {
      p.put(more[i], more[i + 1]);
    }
    return p;
  }

  @Test
  void readsIndexCountAndRunIdAndRecordsThem() {
    LlmConfig c = read(shard("2/3"));
    assertThat(c.shard()).isEqualTo(new ShardConfig(2, 3, "r1"));
    assertThat(c.effective()).containsEntry("llm.shard", "2/3").containsEntry("llm.runId", "r1");
    assertThat(read(Map.of()).shard()).isEqualTo(ShardConfig.NONE);
    assertThat(read(Map.of()).effective()).doesNotContainKeys("llm.shard", "llm.runId");
  }

  @Test
  void badValuesAreRefusedBeforeAnyLoadNamingTheFix() {
    assertThatThrownBy(() -> read(shard("3/3"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("llm.shard=3/3").hasMessageContaining("0 to 2");
    assertThatThrownBy(() -> read(shard("1-3"))).isInstanceOf(ConfigException.class).hasMessageContaining("is not I/N");
    assertThatThrownBy(() -> read(shard("0/0"))).isInstanceOf(ConfigException.class).hasMessageContaining("N must be");
    assertThatThrownBy(() -> read(Map.of("llm.shard", "0/3"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("needs -Dllm.runId=");
    assertThatThrownBy(() -> read(shard("0/3", "llm.runId", "a b"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("llm.runId=a b is not a run id");
    assertThatThrownBy(() -> read(shard("3/4", "llm.users", "3"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("leaves this injector no arrival");
    assertThatThrownBy(() -> read(shard("2/3", "llm.users", "30", "llm.maxConcurrency", "2")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("llm.maxConcurrency=2");
    // one injector needs no run id; an id alone tags the run
    assertThat(read(Map.of("llm.shard", "0/1")).shard().sharded()).isFalse();
    assertThat(read(Map.of("llm.runId", "x")).shard().runId()).isEqualTo("x");
  }

  @Test
  void sharesOfAConcurrencySumToIt() {
    for (int n = 1; n <= 7; n++) {
      for (int total = n; total <= 40; total++) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
          int share = new ShardConfig(i, n, "r").share(total);
          assertThat(share).isBetween(total / n, total / n + 1);
          sum += share;
        }
        assertThat(sum).as("%d split over %d", total, n).isEqualTo(total);
      }
    }
  }

  @Test
  void positionsOfTheShardsCoverTheRunOnce() {
    int n = 4;
    boolean[] seen = new boolean[400];
    for (int i = 0; i < n; i++) {
      ShardConfig s = new ShardConfig(i, n, "r");
      for (int k = 0; k < 100; k++) {
        long p = s.position(k);
        assertThat(s.owns(p)).isTrue();
        assertThat(seen[(int) p]).isFalse();
        seen[(int) p] = true;
      }
    }
    for (boolean b : seen) {
      assertThat(b).isTrue();
    }
  }

  @Test
  void startAtIsAFutureInstantForTheOpenModel() {
    long now = 1_764_612_000_000L; // 2025-12-01T18:00:00Z
    java.util.function.Function<Map<String, String>, Long> at = p -> ShardConfig.startAt(Settings.of(p), Injection.OPEN, now);
    assertThat(at.apply(Map.of("llm.startAt", "2025-12-01T18:01:00Z"))).isEqualTo(now + 60_000);
    assertThat(at.apply(Map.of("llm.startAt", Long.toString(now + 5000)))).isEqualTo(now + 5000);
    assertThat(at.apply(Map.of())).isNull();
    assertThatThrownBy(() -> at.apply(Map.of("llm.startAt", "2025-12-01T17:59:00Z"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("60.0 s in the past").hasMessageContaining("-Dllm.startAt=2025-12-01T18:02:00Z");
    assertThatThrownBy(() -> at.apply(Map.of("llm.startAt", "tomorrow"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("is not a time");
    assertThatThrownBy(() -> at.apply(Map.of("llm.startAt", "2025-12-03T18:00:00Z"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("more than a day ahead");
    assertThatThrownBy(() -> ShardConfig.startAt(Settings.of(Map.of("llm.startAt", "2025-12-01T18:01:00Z")), Injection.CLOSED,
        now)).isInstanceOf(ConfigException.class).hasMessageContaining("llm.injection=closed");
    String soon = java.time.Instant.now().plusSeconds(120).toString();
    LlmConfig c = read(shard("1/3", "llm.startAt", soon));
    assertThat(c.shard().startAtMs()).isEqualTo(java.time.Instant.parse(soon).toEpochMilli());
    assertThat(c.effective()).containsEntry("llm.startAt", soon);
  }
}
