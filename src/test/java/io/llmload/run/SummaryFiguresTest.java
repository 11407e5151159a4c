package io.llmload.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmload.metrics.CallResult;
import io.llmload.metrics.SloPolicy;
import io.llmload.workload.CallSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures of llm-summary.json for a run made by hand: calls with known start, TTFT, E2E, ITL gaps and
 * output tokens go through RunRecorder and RunSummary as LlmRun.finish() sends them, and every expected
 * figure below is worked out by hand (nearest rank: pN is the sample of rank ceil(N/100 × n) in ascending
 * order; docs/data-path.md).
 *
 * <p>The calls, times in ms after T0:
 * <pre>
 *  single (step 0), 10 ok: start i × 500 (i = 0..9), TTFT 700 100 900 300 500 1000 200 800 400 600,
 *                          E2E = TTFT + 2000, 201 output tokens, 10 ITL gaps of 10 ms
 *  single, failed:         start 5000, HTTP 503, no TTFT, no E2E, group tag level_4
 *  agent step 1, 3 ok:     start 1000 2000 3000, TTFT 40 60 50, E2E 540 560 550, 51 tokens, gaps 20 40
 *  agent step 2, 2 ok:     start 1600 2600, TTFT 150 90, E2E 1150 1090, 41 tokens, gaps 20 40
 *  agent step 2, failed:   start 7000, TTFT 70, E2E 1000 (error mid-stream), 7 tokens, one 5000 ms gap
 * </pre>
 * Window: first start 0 to the last end 7000 + 1000 = 8000 (a failed call's end counts): 8.0 s.
 */
class SummaryFiguresTest {
  private static final long T0 = 1_767_225_600_000L;
  private static final int[] SINGLE_TTFT = {700, 100, 900, 300, 500, 1000, 200, 800, 400, 600};

  @TempDir
  static Path runDir;
  private static JsonNode summary;

  @BeforeAll
  static void recordTheCallsAndWriteTheSummary() throws Exception {
    // llm.slo.ttftMs for every call; single calls get a looser TTFT, step 2 a stricter one; agent calls add E2E
    SloPolicy slo = SloPolicy.read(Map.of("llm.slo.ttftMs", "600", "llm.slo.single.ttftMs", "800",
        "llm.slo.agent.e2eMs", "1100", "llm.slo.agent_step_2.ttftMs", "100"));
    // the client-side "token count" is the text's length: each single call streams 2 characters more
    // than its usage says, each agent call exactly as many
    RunRecorder recorder = new RunRecorder(runDir, String::length, slo);
    List<CallResult> calls = new ArrayList<>();
    long id = 0;
    for (int i = 0; i < SINGLE_TTFT.length; i++) {
      calls.add(ok(spec(++id, CallSpec.SINGLE, 0, null, 1000), i * 500L, SINGLE_TTFT[i], SINGLE_TTFT[i] + 2000,
          201, 2, gaps(10, 10)));
    }
    calls.add(failed(spec(++id, CallSpec.SINGLE, 0, "level_4", 1000), 5000, null, null, 0, 503, "HTTP 503", new int[0]));
    long[] step1Start = {1000, 2000, 3000};
    int[] step1Ttft = {40, 60, 50};
    for (int i = 0; i < 3; i++) {
      calls.add(ok(spec(++id, CallSpec.AGENT, 1, null, 300), step1Start[i], step1Ttft[i], step1Ttft[i] + 500, 51, 0,
          new int[] {20, 40}));
    }
    calls.add(ok(spec(++id, CallSpec.AGENT, 2, null, 300), 1600, 150, 1150, 41, 0, new int[] {20, 40}));
    calls.add(ok(spec(++id, CallSpec.AGENT, 2, null, 300), 2600, 90, 1090, 41, 0, new int[] {20, 40}));
    calls.add(failed(spec(++id, CallSpec.AGENT, 2, null, 300), 7000, 70L, 1000L, 7, 200,
        "error event mid-stream: boom", new int[] {5000}));
    Collections.shuffle(calls, new java.util.Random(16)); // the recorder must not depend on arrival order
    calls.forEach(c -> recorder.record(c, null));

    // as LlmRun.finish(): close the recorder, build the summary, add the slo section, write the file
    recorder.close();
    RunDescription info = new RunDescription("by-hand", "SummaryFiguresTest", Instant.ofEpochMilli(T0 - 2000),
        Instant.ofEpochMilli(T0 + 9000), "http://127.0.0.1:1", "simulator", "fixed", "model", "v0", "0.1.0", "3.15.1",
        Map.of("llm.users", "2"));
    RunSummary written = RunSummary.of(info, recorder);
    written.put("slo", recorder.slo());
    written.write(runDir);
    summary = new ObjectMapper().readTree(runDir.resolve(RunFiles.SUMMARY).toFile());
  }

  @Test
  void totalsCountEveryCallButTokensAndRatesOfOkCallsOverTheWindow() {
    JsonNode t = summary.path("totals");
    assertThat(t.path("calls").asLong()).isEqualTo(17);
    assertThat(t.path("ok").asLong()).isEqualTo(15);
    assertThat(t.path("failed").asLong()).isEqualTo(2);
    assertThat(t.path("input_tokens").asLong()).isEqualTo(11 * 1000 + 6 * 300);
    // 10 × 201 + 3 × 51 + 2 × 41; the failed call's 7 tokens do not count
    assertThat(t.path("output_tokens").asLong()).isEqualTo(2245);
    assertThat(t.path("window_s").asDouble()).isEqualTo(8.0);
    assertThat(t.path("output_tokens_per_s").asDouble()).isEqualTo(2245 / 8.0);
    assertThat(t.path("requests_per_s").asDouble()).isEqualTo(15 / 8.0);
    // counted − usage: +2 on each of the 10 single calls, 0 on the 5 ok agent calls: 20 / 15
    assertThat(t.path("client_counted_minus_usage_tokens_mean").asDouble()).isEqualTo(1.333);
  }

  @Test
  void overallPercentilesAreNearestRankOverTheOkCallsOfEveryScenario() {
    JsonNode g = group("overall");
    // error rate 2 / 17; 2245 tokens / 8 s; 15 ok / 8 s
    assertVolume(g, 17, 15, 0.118, 2245, 280.625, 1.875);
    assertThat(g.path("sample_errors")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("HTTP 503", "error event mid-stream: boom");
    // TTFT, 15 ok: 40 50 60 90 100 150 200 300 400 500 600 700 800 900 1000
    // ranks: p50 ceil(7.5) = 8, p90 ceil(13.5) = 14, p95 ceil(14.25) = 15, p99 15; the failed call's 70 is out
    assertStats(g.path("ttft_ms"), 15, 300, 900, 1000, 1000, 392.667, 1000); // mean 5890 / 15
    // TTFO: every ok call's first token is content, so TTFO = TTFT
    assertThat(g.path("ttfo_ms")).isEqualTo(g.path("ttft_ms"));
    // E2E: 540 550 560 1090 1150 2100 2200 … 3000
    assertStats(g.path("e2e_ms"), 15, 2300, 2900, 3000, 3000, (3890 + 25500) / 15.0, 3000);
    // TPOT = (E2E − TTFT) / (tokens − 1): single 2000/200 = 10, step 1 500/50 = 10, step 2 1000/40 = 25
    assertStats(g.path("tpot_ms"), 15, 10, 25, 25, 25, (13 * 10 + 2 * 25) / 15.0, 25);
    // ITL: every gap of every ok call pooled: 100 × 10, 5 × 20, 5 × 40 (the failed call's 5000 is out)
    // ranks of 110: p50 55, p90 99 → 10; p95 ceil(104.5) = 105 → 20; p99 ceil(108.9) = 109 → 40
    assertStats(g.path("itl_ms"), 110, 10, 10, 20, 40, 1300 / 110.0, 40);
    // per-call rate = tokens / (E2E − TTFT) × 1000: single 100.5, step 1 102, step 2 41
    assertStats(g.path("output_tokens_per_s"), 15, 100.5, 102, 102, 102, (10 * 100.5 + 3 * 102 + 2 * 41) / 15.0, 102);
  }

  @Test
  void singleGroupHoldsTheHeavyCallsOnly() {
    JsonNode g = group("single");
    assertVolume(g, 11, 10, 0.091, 2010, 251.25, 1.25);
    // 100 … 1000 in ten steps: p50 rank 5, p90 rank 9, p95 ceil(9.5) = 10 (an interpolation would say 955)
    assertStats(g.path("ttft_ms"), 10, 500, 900, 1000, 1000, 550, 1000);
    assertStats(g.path("e2e_ms"), 10, 2500, 2900, 3000, 3000, 2550, 3000);
    assertStats(g.path("tpot_ms"), 10, 10, 10, 10, 10, 10, 10);
    assertStats(g.path("itl_ms"), 100, 10, 10, 10, 10, 10, 10);
  }

  @Test
  void agentGroupAndEachStepGroup() {
    JsonNode agent = group("agent");
    assertVolume(agent, 6, 5, 0.167, 235, 29.375, 0.625);
    // 40 50 60 90 150: p50 ceil(2.5) = 3, p90 ceil(4.5) = 5
    assertStats(agent.path("ttft_ms"), 5, 60, 150, 150, 150, 78, 150);
    assertStats(agent.path("e2e_ms"), 5, 560, 1150, 1150, 1150, 778, 1150);
    assertStats(agent.path("tpot_ms"), 5, 10, 25, 25, 25, 16, 25);
    assertStats(agent.path("itl_ms"), 10, 20, 40, 40, 40, 30, 40);

    JsonNode step1 = group("agent_step_1");
    assertVolume(step1, 3, 3, 0.0, 153, 19.125, 0.375);
    // 40 50 60: p50 ceil(1.5) = 2, p90 ceil(2.7) = 3
    assertStats(step1.path("ttft_ms"), 3, 50, 60, 60, 60, 50, 60);

    JsonNode step2 = group("agent_step_2");
    assertVolume(step2, 3, 2, 0.333, 82, 10.25, 0.25);
    assertThat(step2.path("sample_errors")).extracting(JsonNode::asText).containsExactly("error event mid-stream: boom");
    // 90 150: p50 is rank 1, a measured value (a midpoint would be 120)
    assertStats(step2.path("ttft_ms"), 2, 90, 150, 150, 150, 120, 150);
  }

  @Test
  void aGroupWithoutOkCallsHasNullFiguresNeverZero() {
    assertThat(summary.path("groups").fieldNames()).toIterable()
        .containsExactly("overall", "single", "agent", "agent_step_1", "agent_step_2", "level_4");
    JsonNode g = group("level_4");
    assertVolume(g, 1, 0, 1.0, 0, 0.0, 0.0);
    assertThat(g.path("output_tokens_per_s").path("count").asLong()).isZero();
    for (String figure : List.of("ttft_ms", "ttfo_ms", "e2e_ms", "tpot_ms", "itl_ms", "output_tokens_per_s")) {
      for (String stat : List.of("p50", "p90", "p95", "p99", "mean", "max")) {
        JsonNode value = g.path(figure).get(stat);
        assertThat(value != null && value.isNull()).as("%s %s is present and null: %s", figure, stat, value).isTrue();
      }
    }
  }

  /**
   * Good = ok and within every objective that applies to the call (global, its scenario's, its step's);
   * goodput = good / 8.0 s.
   * single (TTFT ≤ 800): 100 … 800 = 8 good of 11; step 1 (TTFT ≤ 600, E2E ≤ 1100): 3 of 3;
   * step 2 (TTFT ≤ 100, E2E ≤ 1100): only 90/1090 of 3; overall 12 of 17.
   */
  @Test
  void sloSectionCountsGoodCallsAndGoodputPerGroup() {
    JsonNode slo = summary.path("slo");
    assertThat(slo.path("percentile").asDouble()).isEqualTo(95.0);
    assertSlo(slo, "overall", 17, 12, 0.706, 1.5);
    assertSlo(slo, "single", 11, 8, 0.727, 1.0);
    assertSlo(slo, "agent", 6, 4, 0.667, 0.5);
    assertSlo(slo, "agent_step_1", 3, 3, 1.0, 0.375);
    assertSlo(slo, "agent_step_2", 3, 1, 0.333, 0.125);
    assertSlo(slo, "level_4", 1, 0, 0.0, 0.0);

    // each group's p95 against the limit that applies to the group
    JsonNode single = slo.path("groups").path("single");
    assertThat(single.path("ttft_p95_ms").asDouble()).isEqualTo(1000.0);
    assertThat(single.path("ttft_limit_ms").asDouble()).isEqualTo(800.0);
    assertThat(single.path("ttft_met").asBoolean()).isFalse();
    JsonNode agent = slo.path("groups").path("agent");
    assertThat(agent.path("ttft_p95_ms").asDouble()).isEqualTo(150.0);
    assertThat(agent.path("ttft_met").asBoolean()).isTrue();
    assertThat(agent.path("e2e_p95_ms").asDouble()).isEqualTo(1150.0);
    assertThat(agent.path("e2e_limit_ms").asDouble()).isEqualTo(1100.0);
    assertThat(agent.path("e2e_met").asBoolean()).isFalse();
    assertThat(agent.path("all_met").asBoolean()).isFalse();
    JsonNode step1 = slo.path("groups").path("agent_step_1");
    assertThat(step1.path("ttft_p95_ms").asDouble()).isEqualTo(60.0);
    assertThat(step1.path("all_met").asBoolean()).isTrue();
    JsonNode step2 = slo.path("groups").path("agent_step_2");
    assertThat(step2.path("ttft_limit_ms").asDouble()).isEqualTo(100.0);
    assertThat(step2.path("ttft_met").asBoolean()).isFalse();
    // no ok call: no percentile, and an objective without a figure is not met
    JsonNode none = slo.path("groups").path("level_4");
    assertThat(none.get("ttft_p95_ms").isNull()).isTrue();
    assertThat(none.path("ttft_met").asBoolean()).isFalse();
  }

  // ---------------------------------------------------------------------------------------------------

  private static JsonNode group(String name) {
    JsonNode g = summary.path("groups").path(name);
    assertThat(g.isObject()).as("group %s in llm-summary.json", name).isTrue();
    return g;
  }

  /** Calls, ok, failed = calls − ok, error rate, output tokens of ok calls, and both rates over the 8 s window. */
  private static void assertVolume(JsonNode g, long calls, long ok, double errorRate, long outputTokens,
                                   double throughput, double requestsPerS) {
    assertThat(List.of(g.path("calls").asLong(), g.path("ok").asLong(), g.path("failed").asLong()))
        .as("calls, ok, failed").containsExactly(calls, ok, calls - ok);
    assertThat(g.path("error_rate").asDouble()).as("error_rate").isEqualTo(errorRate);
    assertThat(g.path("output_tokens").asLong()).as("output_tokens").isEqualTo(outputTokens);
    assertThat(g.path("throughput_output_tokens_per_s").asDouble()).as("throughput").isEqualTo(throughput);
    assertThat(g.path("requests_per_s").asDouble()).as("requests_per_s").isEqualTo(requestsPerS);
  }

  private static void assertStats(JsonNode s, long count, double p50, double p90, double p95, double p99, double mean,
                                  double max) {
    assertThat(s.path("count").asLong()).as("count").isEqualTo(count);
    assertThat(s.path("p50").asDouble()).as("p50").isEqualTo(p50);
    assertThat(s.path("p90").asDouble()).as("p90").isEqualTo(p90);
    assertThat(s.path("p95").asDouble()).as("p95").isEqualTo(p95);
    assertThat(s.path("p99").asDouble()).as("p99").isEqualTo(p99);
    assertThat(s.path("mean").asDouble()).as("mean").isEqualTo(Math.round(mean * 1000.0) / 1000.0);
    assertThat(s.path("max").asDouble()).as("max").isEqualTo(max);
  }

  private static void assertSlo(JsonNode slo, String group, long calls, long good, double attainment, double goodput) {
    JsonNode g = slo.path("groups").path(group);
    assertThat(g.path("calls").asLong()).as("%s calls", group).isEqualTo(calls);
    assertThat(g.path("good").asLong()).as("%s good", group).isEqualTo(good);
    assertThat(g.path("attainment").asDouble()).as("%s attainment", group).isEqualTo(attainment);
    assertThat(g.path("goodput_per_s").asDouble()).as("%s goodput", group).isEqualTo(goodput);
  }

  private static CallSpec spec(long id, String scenario, int step, String groupTag, int inputTokens) {
    return new CallSpec(id, scenario, id, step, step == 0 ? "heavy" : "step" + step, groupTag, inputTokens, 256);
  }

  private static int[] gaps(int count, int ms) {
    int[] g = new int[count];
    java.util.Arrays.fill(g, ms);
    return g;
  }

  /** An ok call with usage; its streamed text is {@code tokens + extraChars} characters long. */
  private static CallResult ok(CallSpec spec, long start, long ttft, long e2e, int tokens, int extraChars, int[] gaps) {
    return new CallResult(spec, T0 + start, spec.inputTokens(), tokens, tokens, gaps.length + 1, ttft, ttft, e2e, gaps,
        200, "length", true, null, "x".repeat(tokens + extraChars), "x".repeat(tokens + extraChars), "chatcmpl-" + spec.callId());
  }

  private static CallResult failed(CallSpec spec, long start, Long ttft, Long e2e, int tokens, int status, String error,
                                   int[] gaps) {
    return new CallResult(spec, T0 + start, null, null, tokens, gaps.length, ttft, ttft, e2e, gaps, status, null, false,
        error, "", "", null);
  }
}
