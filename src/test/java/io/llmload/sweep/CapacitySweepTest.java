package io.llmload.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmload.sim.SimConfig;
import io.llmload.sim.SimMode;
import io.llmload.sim.VllmSimulator;
import io.llmload.simulations.CapacitySweepSimulation;
import io.llmload.testing.CallsFile;
import io.llmload.testing.GatlingRunner;
import io.llmload.testing.Slow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep against a server whose capacity is known: the simulator's batching engine runs at most 16
 * sequences at once (sim.maxNumSeqs=16), so up to 16 concurrent users are served at once and above 16
 * the rest wait for a slot, which adds roughly a whole call (~0.4 s for 30-60 output tokens) to their
 * TTFT. With a TTFT objective of 250 ms the knee must be 16 (8 accepted: one level, for a loaded box).
 */
@Slow
class CapacitySweepTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, String> props(String baseUrl, Path tmp, String levels) {
    Map<String, String> p = new HashMap<>();
    p.put("llm.baseUrl", baseUrl);
    p.put("llm.sweep.workload", "heavy");
    p.put("llm.sweep.levels", levels);
    p.put("llm.sweep.settleSeconds", "1");
    p.put("llm.sweep.holdSeconds", "4");
    p.put("llm.input.min", "100");
    p.put("llm.input.max", "200");
    p.put("llm.output.min", "30");
    p.put("llm.output.max", "60");
    p.put("llm.users", "64");
    p.put("llm.warmupCalls", "5");
    p.put("llm.metricsPeriodSeconds", "0.5");
    p.put("llm.outputDir", tmp.resolve("runs").toString());
    p.put("llm.label", "sweep");
    return p;
  }

  private static VllmSimulator sixteenSlots() {
    return VllmSimulator.start(SimConfig.builder().mode(SimMode.BATCHING).maxNumSeqs(16).port(0).build());
  }

  @Test
  void findsTheKneeWhereQueueingStartsAndStopsEarly(@TempDir Path tmp) throws Exception {
    try (VllmSimulator server = sixteenSlots()) {
      Map<String, String> p = props(server.baseUrl(), tmp, "4,8,16,32,64,128");
      p.put("llm.slo.ttftMs", "250");
      int exit = GatlingRunner.run(CapacitySweepSimulation.class, p, tmp.resolve("gatling"), false);
      assertThat(exit).isZero();

      Path run = CallsFile.onlyRunDir(tmp.resolve("runs"));
      JsonNode sweep = JSON.readTree(run.resolve("sweep-summary.json").toFile());
      JsonNode knee = sweep.path("knee");
      assertThat(knee.path("status").asText()).as(sweep.toPrettyString()).isEqualTo("knee_found");
      assertThat(knee.path("level").asDouble()).as(knee.toPrettyString()).isIn(8.0, 16.0);
      assertThat(knee.path("broke_first").asText()).isEqualTo("ttft");
      assertThat(knee.path("cause").asText()).contains("queueing");
      assertThat(knee.path("output_tokens_per_s").asDouble()).isPositive();

      JsonNode levels = sweep.path("levels");
      assertThat(levels).hasSize(6);
      JsonNode l16 = levels.get(2);
      JsonNode l32 = levels.get(3);
      assertThat(l16.path("status").asText()).isEqualTo("measured");
      assertThat(l32.path("status").asText()).isEqualTo("measured");
      // the server's own view: no queue at 16, a queue at 32 (16 slots)
      assertThat(l16.path("server").path("requests_waiting_mean").asDouble()).isLessThan(2);
      assertThat(l32.path("server").path("requests_waiting_mean").asDouble()).isGreaterThan(5);
      assertThat(l32.path("server").path("requests_running_max").asDouble()).isEqualTo(16);
      // the client achieved about the concurrency it was asked for
      assertThat(l16.path("achieved_concurrency").asDouble()).isBetween(12.0, 16.5);
      assertThat(l32.path("achieved_concurrency").asDouble()).isBetween(24.0, 32.5);
      // past 16 slots, more users do not give more output
      assertThat(l32.path("output_tokens_per_s").asDouble())
          .isLessThan(1.4 * l16.path("output_tokens_per_s").asDouble());
      assertThat(l32.path("ttft_ms").path("p95").asDouble()).isGreaterThan(250);
      assertThat(l32.path("meets_slo").asBoolean()).isFalse();

      // far past saturation the sweep stops: 128 is never measured
      assertThat(sweep.path("early_stop").path("stopped").asBoolean()).isTrue();
      assertThat(levels.get(5).path("status").asText()).isEqualTo("skipped");
      // the calls of 128 users were never sent
      long tagged128 = CallsFile.read(run.resolve("llm-calls.csv")).stream()
          .filter(c -> "level_128".equals(c.get("group_tag"))).count();
      assertThat(tagged128).isZero();

      String html = Files.readString(run.resolve("llm-report.html"));
      assertThat(html).contains("id=\"sweep\"").contains("knee");
    }
  }

  @Test
  void reportsNoKneeInsideTheRangeWhenEveryLevelMeetsTheSlos(@TempDir Path tmp) throws Exception {
    try (VllmSimulator server = sixteenSlots()) {
      Map<String, String> p = props(server.baseUrl(), tmp, "2,4,8");
      p.put("llm.sweep.holdSeconds", "3");
      p.put("llm.slo.ttftMs", "60000");
      int exit = GatlingRunner.run(CapacitySweepSimulation.class, p, tmp.resolve("gatling"), false);
      assertThat(exit).isZero();
      Path run = CallsFile.onlyRunDir(tmp.resolve("runs"));
      JsonNode sweep = JSON.readTree(run.resolve("sweep-summary.json").toFile());
      JsonNode knee = sweep.path("knee");
      assertThat(knee.path("status").asText()).isEqualTo("no_knee_in_range");
      assertThat(knee.path("message").asText()).contains("no knee inside the range");
      assertThat(knee.path("level").asDouble()).isEqualTo(8.0);
      assertThat(sweep.path("early_stop").path("stopped").asBoolean()).isFalse();
      for (JsonNode l : sweep.path("levels")) {
        assertThat(l.path("meets_slo").asBoolean()).isTrue();
        assertThat(l.path("calls").asLong()).isGreaterThan(5);
      }
      // throughput grows with the load below the 16 slots
      double t2 = sweep.path("levels").get(0).path("output_tokens_per_s").asDouble();
      double t8 = sweep.path("levels").get(2).path("output_tokens_per_s").asDouble();
      assertThat(t8).isGreaterThan(2.5 * t2);
    }
  }
}
