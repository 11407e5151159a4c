package io.llmload.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.sim.SimConfig;
import io.llmload.sim.SimMode;
import io.llmload.sim.VllmSimulator;
import io.llmload.simulations.SmokeSimulation;
import io.llmload.testing.CallsFile;
import io.llmload.testing.GatlingRunner;
import io.llmload.testing.Slow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Gatling internals this project relies on, checked against the real Gatling: the captured clock
 * stamps calls in epoch milliseconds, the stats engine takes our TTFT/E2E entries into Gatling's own
 * HTML report, and the SSE connect entry is named so nobody takes it for TTFT. (Stream-state reading
 * is exercised by FaultHandlingTest: cut, stalled and errored streams.)
 */
@Slow
class GatlingInternalsTest {
  @Test
  void clockAndStatsEngineReachGatlingsReport(@TempDir Path tmp) throws IOException {
    try (VllmSimulator server = VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).ttftMs(20).itlMs(2).port(0).build())) {
      long before = System.currentTimeMillis();
      int exit = GatlingRunner.run(SmokeSimulation.class, Map.of("llm.baseUrl", server.baseUrl(), "llm.users", "4",
          "llm.outputDir", tmp.resolve("runs").toString(), "llm.metricsUrl", "off"), tmp.resolve("gatling"), true);
      long after = System.currentTimeMillis();
      assertThat(exit).isZero();

      List<Map<String, String>> calls = CallsFile.read(CallsFile.onlyRunDir(tmp.resolve("runs")).resolve("llm-calls.csv"));
      assertThat(calls).isNotEmpty().allSatisfy(c -> assertThat(Long.parseLong(c.get("start_ms"))).isBetween(before, after));

      String report;
      try (Stream<Path> files = Files.walk(tmp.resolve("gatling"))) {
        report = files.filter(p -> p.toString().endsWith(".js") || p.toString().endsWith(".html"))
            .map(GatlingInternalsTest::read).reduce("", String::concat);
      }
      assertThat(report).contains("heavy TTFT").contains("heavy E2E").contains("heavy headers (not TTFT)")
          .contains("agent 1 plan TTFT").contains("agent 5 finalize E2E").contains("warmup TTFT");
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "";
    }
  }
}
