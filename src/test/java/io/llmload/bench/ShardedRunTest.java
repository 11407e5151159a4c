package io.llmload.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmload.cli.MergeMain;
import io.llmload.metrics.Percentiles;
import io.llmload.run.CallRow;
import io.llmload.run.RunFiles;
import io.llmload.run.RunFolder;
import io.llmload.testing.Slow;
import io.llmload.workload.JourneyPlanner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three injector processes on loopback, shards 0/3, 1/3 and 2/3 of one smoke-sized run, against one simulator in
 * its own JVM in fixed mode (TTFT 100 ms, ITL 10 ms), merged; then one injector with the same settings. The merged
 * run must hold the one injector's calls (same ids, same sizes), its figures must be the nearest-rank
 * percentiles of the union of the shards' rows, each shard must have sent its arrivals at the one schedule's
 * offsets, and only shard 0 scraped /metrics.
 */
@Slow
class ShardedRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void threeInjectorsMergedAreTheOneRun() throws Exception {
    try (SimulatorProcess sim = SimulatorProcess.start(Map.of("sim.mode", "fixed", "sim.ttftMs", "100", "sim.itlMs", "10"),
        "256m", null, tmp.resolve("sim.log"))) {
      Map<String, String> props = new LinkedHashMap<>();
      props.put("llm.baseUrl", sim.baseUrl());
      props.put("llm.users", "12");
      props.put("llm.rampSeconds", "3");
      props.put("llm.warmupCalls", "1");
      props.put("llm.metricsPeriodSeconds", "1");
      props.put("llm.label", "sharded");
      List<Injectors.Injector> shards = Injectors.run(3, props, "it-1", "384m", null, tmp.resolve("three"), 300);
      for (Injectors.Injector i : shards) {
        assertThat(i.exit()).as(Injectors.log(i)).isZero();
      }
      List<Injectors.Injector> single = Injectors.run(1, props, null, "384m", null, tmp.resolve("one"), 300);
      assertThat(single.get(0).exit()).as(Injectors.log(single.get(0))).isZero();

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      String runs = shards.stream().map(i -> i.runDir().toString()).collect(Collectors.joining(","));
      int code = MergeMain.run(Map.of("merge.runs", runs, "merge.out", tmp.resolve("merged").toString()),
          new PrintStream(out), new PrintStream(err));
      assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(MergeMain.OK);
      Path merged;
      try (var s = Files.list(tmp.resolve("merged"))) {
        merged = s.filter(Files::isDirectory).findFirst().orElseThrow();
      }
      assertThat(merged.resolve(RunFiles.REPORT)).isRegularFile();

      // the same calls as the one injector, position by position
      Map<Long, CallRow> one = byId(RunFolder.open(single.get(0).runDir()).calls());
      Map<Long, CallRow> union = byId(RunFolder.open(merged).calls());
      assertThat(union.keySet()).isEqualTo(one.keySet());
      union.forEach((id, row) -> {
        CallRow o = one.get(id);
        assertThat(List.of(row.scenario(), row.stepOrZero(), row.inputTokens(), row.requestedOutputTokens()))
            .as("call %d", id).isEqualTo(List.of(o.scenario(), o.stepOrZero(), o.inputTokens(), o.requestedOutputTokens()));
      });

      // every figure from the union of the shards' rows, by the one percentile definition
      List<Double> ttft = new ArrayList<>();
      long ok = 0;
      for (Injectors.Injector i : shards) {
        for (CallRow r : RunFolder.open(i.runDir()).calls()) {
          if (r.ok()) {
            ok++;
            ttft.add(r.ttftMs());
            assertThat(r.ttftMs()).as("TTFT against a 100 ms schedule").isGreaterThanOrEqualTo(100);
          }
        }
      }
      double[] sorted = ttft.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      JsonNode summary = JSON.readTree(merged.resolve(RunFiles.SUMMARY).toFile());
      JsonNode overall = summary.path("groups").path("overall");
      assertThat(overall.path("ok").asLong()).isEqualTo(ok);
      for (int p : new int[] {50, 90, 95, 99}) {
        assertThat(overall.path("ttft_ms").path("p" + p).asDouble()).as("p%d", p).isEqualTo(Percentiles.nearestRank(sorted, p));
      }

      // each shard sent its arrivals at the one schedule's offsets: 12 users over 3 s, one every 250 ms
      for (int s = 0; s < 3; s++) {
        List<CallRow> firsts = new ArrayList<>();
        Map<Long, Long> intended = new HashMap<>();
        RunFolder.open(shards.get(s).runDir()).forEachCallAsWritten((row, fields, schedule) -> {
          if (schedule != null) {
            firsts.add(row);
            intended.put(row.callId(), schedule.intendedMs());
          }
        });
        assertThat(firsts).as("shard %d's scheduled calls", s).hasSize(4);
        firsts.sort((a, b) -> Long.compare(a.callId(), b.callId()));
        long p0 = firsts.get(0).callId() / JourneyPlanner.CALL_ID_STRIDE;
        assertThat(p0).isEqualTo(s);
        long t0 = intended.get(firsts.get(0).callId());
        for (CallRow r : firsts) {
          long p = r.callId() / JourneyPlanner.CALL_ID_STRIDE;
          assertThat(p % 3).isEqualTo(s);
          assertThat((double) intended.get(r.callId()) - t0).as("shard %d position %d", s, p)
              .isCloseTo((p - p0) * 250.0, org.assertj.core.data.Offset.offset(1.0));
        }
      }

      // only shard 0 scraped the server
      JsonNode shard1 = JSON.readTree(shards.get(1).runDir().resolve(RunFiles.SUMMARY).toFile());
      assertThat(shard1.path("server").path("note").asText()).contains("shard 0 only");
      assertThat(shard1.path("run").path("shard").asText()).isEqualTo("1/3");
      assertThat(shard1.path("run").path("run_id").asText()).isEqualTo("it-1");
      assertThat(summary.path("server").path("scraped_by").asText()).isEqualTo("shard 0/3");
      assertThat(summary.path("server").path("scrapes_ok").asInt()).isGreaterThan(0);
      assertThat(summary.path("client_health").path("injectors").size()).isEqualTo(3);
    }
  }

  private static Map<Long, CallRow> byId(List<CallRow> rows) {
    Map<Long, CallRow> out = new HashMap<>();
    rows.forEach(r -> assertThat(out.put(r.callId(), r)).as("call id %d twice", r.callId()).isNull());
    return out;
  }
}
