package io.llmload.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.sim.SimConfig;
import io.llmload.sim.SimMode;
import io.llmload.sim.VllmSimulator;
import io.llmload.simulations.SmokeSimulation;
import io.llmload.testing.CallsFile;
import io.llmload.testing.GatlingRunner;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite's figures against a server whose schedule is known: the simulator in fixed-schedule mode
 * sends token i of every request at arrival + TTFT + i × ITL. Every reported TTFT, ITL gap, E2E and
 * token count must match that schedule within 2 ms, with 50 or more streams in flight at once. Users
 * arrive over 2 s (as a real ramp does): 60 requests handed to Gatling in the same millisecond would
 * queue behind each other on the client's two event loops, which is client queueing, not measurement.
 */
class MeasurementAccuracyTest {
  private static final int TTFT_MS = 200;
  private static final int ITL_MS = 10;
  private static final int USERS = 60;
  private static final int TOLERANCE_MS = 2;

  @Test
  void everyFigureMatchesTheServersSchedule(@TempDir Path tmp) {
    SimConfig sim = SimConfig.builder().mode(SimMode.FIXED).ttftMs(TTFT_MS).itlMs(ITL_MS).port(0).build();
    try (VllmSimulator server = VllmSimulator.start(sim)) {
      Map<String, String> props = new HashMap<>();
      props.put("llm.baseUrl", server.baseUrl());
      props.put("llm.users", Integer.toString(USERS));
      props.put("llm.rampSeconds", "2");
      props.put("llm.agentMix", "0");
      props.put("llm.input.min", "200");
      props.put("llm.input.max", "400");
      props.put("llm.output.min", "300");
      props.put("llm.output.max", "400");
      props.put("llm.warmupCalls", "20");
      props.put("llm.outputDir", tmp.resolve("runs").toString());
      props.put("llm.label", "accuracy");
      int exit = GatlingRunner.run(SmokeSimulation.class, props, tmp.resolve("gatling"), false);
      assertThat(exit).isZero();

      Path run = CallsFile.onlyRunDir(tmp.resolve("runs"));
      List<Map<String, String>> calls = CallsFile.read(run.resolve("llm-calls.csv"));
      assertThat(calls).hasSize(USERS);
      assertThat(CallsFile.maxConcurrency(calls)).isGreaterThanOrEqualTo(50);
      for (Map<String, String> c : calls) {
        assertThat(c.get("ok")).as("call %s: %s", c.get("call_id"), c.get("error")).isEqualTo("true");
        int requested = Integer.parseInt(c.get("requested_output_tokens"));
        assertThat(Integer.parseInt(c.get("output_tokens"))).isEqualTo(requested);
        assertThat(Integer.parseInt(c.get("usage_output_tokens"))).isEqualTo(requested);
        assertThat(Integer.parseInt(c.get("counted_output_tokens"))).isEqualTo(requested);
        assertThat(Integer.parseInt(c.get("token_events"))).isEqualTo(requested);
        long ttft = Long.parseLong(c.get("ttft_ms"));
        assertThat(ttft).as("TTFT of call %s", c.get("call_id")).isBetween((long) TTFT_MS - TOLERANCE_MS, (long) TTFT_MS + TOLERANCE_MS);
        long e2e = Long.parseLong(c.get("e2e_ms"));
        long trueE2e = TTFT_MS + (long) (requested - 1) * ITL_MS;
        assertThat(e2e).as("E2E of call %s", c.get("call_id")).isBetween(trueE2e - TOLERANCE_MS, trueE2e + TOLERANCE_MS);
        assertThat(c.get("finish_reason")).isEqualTo("length");
      }
      List<Map<String, String>> itl = CallsFile.read(run.resolve("llm-itl.csv"));
      assertThat(itl).hasSize(USERS);
      long gaps = 0;
      for (Map<String, String> row : itl) {
        for (String gap : row.get("gaps_ms").split(" ")) {
          assertThat(Integer.parseInt(gap)).as("ITL gap of call %s", row.get("call_id"))
              .isBetween(ITL_MS - TOLERANCE_MS, ITL_MS + TOLERANCE_MS);
          gaps++;
        }
      }
      assertThat(gaps).isEqualTo(calls.stream().mapToLong(c -> Long.parseLong(c.get("output_tokens")) - 1).sum());
      // every measured call and every warm-up call reached the server exactly once
      assertThat(server.requestLog().size()).isEqualTo(USERS + 20);
    }
  }
}
