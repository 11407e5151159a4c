package io.llmload.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmload.config.ConfigException;
import io.llmload.workload.CallSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * llm.slo.* as the README documents it: llm.slo.&lt;metric&gt; for every call, llm.slo.&lt;group&gt;.&lt;metric&gt;
 * over it for one group; a call is good when it is ok and meets every objective that applies to it; a
 * failed call never is; a figure a call does not have (TPOT of a one-token answer) is not judged; a bad
 * value stops the run with a message naming the property.
 */
class SloPolicyTest {
  private static final SloPolicy POLICY = SloPolicy.read(Map.of(
      "llm.slo.ttftMs", "500", "llm.slo.tpotMs", "50",
      "llm.slo.single.ttftMs", "2000",
      "llm.slo.agent.e2eMs", "10000",
      "llm.slo.agent_step_3.ttftMs", "200",
      "llm.other.setting", "ignored"));

  @Test
  void aGroupsOwnObjectiveWinsOverTheGlobalOne() {
    assertThat(POLICY.active()).isTrue();
    assertThat(POLICY.limitsFor("")).containsOnly(Map.entry("ttftMs", 500.0), Map.entry("tpotMs", 50.0));
    assertThat(POLICY.limitsFor("single")).containsOnly(Map.entry("ttftMs", 2000.0), Map.entry("tpotMs", 50.0));
    assertThat(POLICY.limitsFor("agent"))
        .containsOnly(Map.entry("ttftMs", 500.0), Map.entry("tpotMs", 50.0), Map.entry("e2eMs", 10000.0));
    assertThat(POLICY.limitsFor("agent_step_1")).containsOnly(Map.entry("ttftMs", 500.0), Map.entry("tpotMs", 50.0));
    // a call gets the global, its scenario's and its step's objectives, the most specific winning
    assertThat(POLICY.limitsFor(ok(agent(3), 100, 1000, 11)))
        .containsOnly(Map.entry("ttftMs", 200.0), Map.entry("tpotMs", 50.0), Map.entry("e2eMs", 10000.0));
    assertThat(POLICY.limitsFor(ok(agent(2), 100, 1000, 11)))
        .containsOnly(Map.entry("ttftMs", 500.0), Map.entry("tpotMs", 50.0), Map.entry("e2eMs", 10000.0));
    assertThat(POLICY.describe()).containsOnlyKeys("all", "single", "agent", "agent_step_3");
  }

  @Test
  void aCallIsGoodWhenItMeetsEveryObjectiveThatAppliesToIt() {
    // single: TTFT limit raised to 2000 by llm.slo.single.ttftMs; TPOT = (E2E - TTFT) / 10 against the global 50
    assertThat(POLICY.meets(ok(single(), 1500, 1500 + 40 * 10, 11))).as("TTFT 1500 under single's 2000").isTrue();
    assertThat(POLICY.meets(ok(single(), 2001, 2001 + 40 * 10, 11))).as("TTFT 2001 over single's 2000").isFalse();
    assertThat(POLICY.meets(ok(single(), 100, 100 + 51 * 10, 11))).as("TPOT 51 over 50").isFalse();
    assertThat(POLICY.meets(ok(single(), 100, 100 + 50 * 10, 11))).as("TPOT exactly 50 meets it").isTrue();
    // agent step 3: TTFT 200 (its own), E2E 10000 (the agent's)
    assertThat(POLICY.meets(ok(agent(3), 200, 600, 11))).isTrue();
    assertThat(POLICY.meets(ok(agent(3), 201, 601, 11))).as("TTFT over step 3's 200").isFalse();
    assertThat(POLICY.meets(ok(agent(2), 499, 899, 11))).as("step 2 keeps the global 500").isTrue();
    assertThat(POLICY.meets(ok(agent(2), 100, 10_001, 1))).as("E2E over the agent's 10000").isFalse();
    // a group tag's objectives apply to the calls it tags
    SloPolicy tagged = SloPolicy.read(Map.of("llm.slo.level_16.ttftMs", "100"));
    CallResult atLevel = ok(new CallSpec(1, CallSpec.SINGLE, 1, 0, "heavy", "level_16", 100, 100), 150, 500, 11);
    assertThat(tagged.meets(atLevel)).isFalse();
    assertThat(tagged.meets(ok(single(), 150, 500, 11))).isTrue();
  }

  @Test
  void aFailedCallIsNeverGoodEvenWithinEveryLimit() {
    CallResult failedFast = new CallResult(single(), 0, null, null, 3, 3, 10L, 10L, 50L, new int[] {5, 5}, 200, null,
        false, "connection cut mid-stream after 3 token events", "abc", "abc", null);
    assertThat(POLICY.meets(failedFast)).isFalse();
    assertThat(SloPolicy.none().meets(failedFast)).isFalse();
    CallResult refused = new CallResult(single(), 0, null, null, 0, 0, null, null, null, new int[0], 429, null, false,
        "HTTP 429", "", "", null);
    assertThat(POLICY.meets(refused)).isFalse();
  }

  @Test
  void aFigureTheCallDoesNotHaveIsNotJudged() {
    // one output token: no TPOT (docs/data-path.md: empty when output_tokens < 2), so llm.slo.tpotMs does not apply
    CallResult oneToken = ok(single(), 100, 5000, 1);
    assertThat(oneToken.tpotMs()).isNull();
    assertThat(POLICY.meets(oneToken)).isTrue();
    // without any objective every ok call is good, and the summary has no slo section
    assertThat(SloPolicy.none().active()).isFalse();
    assertThat(SloPolicy.none().meets(ok(single(), 100_000, 200_000, 11))).isTrue();
    assertThat(SloPolicy.read(Map.of("llm.users", "5")).active()).isFalse();
  }

  @Test
  void aGroupWithoutSamplesHasNoPercentileAndDoesNotMeetItsObjective() {
    GroupStats empty = new GroupStats();
    Map<String, Object> s = empty.sloSummary(POLICY.limitsFor(""), 95, 10);
    assertThat(s).containsEntry("calls", 0L).containsEntry("good", 0L).containsEntry("goodput_per_s", 0.0)
        .containsEntry("ttft_p95_ms", null).containsEntry("ttft_met", false).containsEntry("all_met", false);
    assertThat(s.get("attainment")).isNull();
    // no measured window: no goodput rather than a division by zero
    assertThat(empty.sloSummary(POLICY.limitsFor(""), 95, 0).get("goodput_per_s")).isNull();
  }

  @Test
  void goodputIsGoodCallsOverTheWindowAndAttainmentIsGoodOverAllCalls() {
    GroupStats g = new GroupStats();
    int[] ttfts = {100, 200, 300, 400, 600, 700};
    for (int ttft : ttfts) {
      CallResult r = ok(single(), ttft, ttft + 400, 11);
      g.add(r, SloPolicy.read(Map.of("llm.slo.ttftMs", "500")).meets(r));
    }
    CallResult failed = new CallResult(single(), 0, null, null, 0, 0, null, null, null, new int[0], 503, null, false,
        "HTTP 503", "", "", null);
    g.add(failed, POLICY.meets(failed));
    // 4 good (TTFT ≤ 500) of 7 calls; window 8 s
    Map<String, Object> s = g.sloSummary(Map.of("ttftMs", 500.0), 50, 8);
    assertThat(s).containsEntry("calls", 7L).containsEntry("good", 4L).containsEntry("attainment", 0.571)
        .containsEntry("goodput_per_s", 0.5);
    // the group's p50 of the 6 ok TTFTs (rank 3 = 300) against 500
    assertThat(s).containsEntry("ttft_p50_ms", 300.0).containsEntry("ttft_limit_ms", 500.0).containsEntry("ttft_met", true);
  }

  @Test
  void badValuesStopTheRunNamingTheProperty() {
    String[][] bad = {
        {"llm.slo.ttftMs", "fast"}, {"llm.slo.ttftMs", "0"}, {"llm.slo.tpotMs", "-5"}, {"llm.slo.e2eMs", "NaN"},
        {"llm.slo.agent.e2eMs", "NaN"}, {"llm.slo.percentile", "NaN"}, {"llm.slo.percentile", "101"},
        {"llm.slo.ttftMs", "Infinity"}, {"llm.slo.e2eMs", "1e400"}, {"llm.slo.agent.tpotMs", "+Infinity"}};
    for (String[] kv : bad) {
      assertThatThrownBy(() -> SloPolicy.read(Map.of(kv[0], kv[1])))
          .as("%s=%s", kv[0], kv[1]).isInstanceOf(ConfigException.class).hasMessageContaining(kv[0]);
    }
    assertThatThrownBy(() -> SloPolicy.read(Map.of("llm.slo.ttfbMs", "100")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("llm.slo.ttfbMs").hasMessageContaining("llm.slo.ttftMs");
    assertThat(SloPolicy.read(Map.of("llm.slo.percentile", "99", "llm.slo.e2eMs", " 2500 ")).percentile()).isEqualTo(99);
  }

  // ---------------------------------------------------------------------------------------------------

  private static CallSpec single() {
    return new CallSpec(1, CallSpec.SINGLE, 1, 0, "heavy", null, 100, 100);
  }

  private static CallSpec agent(int step) {
    return new CallSpec(1, CallSpec.AGENT, 1, step, "step" + step, null, 100, 100);
  }

  /** An ok call; TPOT = (e2e − ttft) / (tokens − 1). */
  private static CallResult ok(CallSpec spec, long ttft, long e2e, int tokens) {
    return new CallResult(spec, 0, 100, tokens, tokens, tokens, ttft, ttft, e2e, new int[0], 200, "length", true, null,
        "", "", null);
  }
}
