package io.llmload.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.gatling.SseLineLimit;
import io.llmload.metrics.ServerText;
import io.llmload.simulations.SmokeSimulation;
import io.llmload.testing.CallsFile;
import io.llmload.testing.GatlingRunner;
import io.llmload.testing.HostileServer;
import io.llmload.testing.HostileServer.Behaviour;
import io.llmload.testing.Slow;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite against a broken or hostile server (testing.HostileServer on 127.0.0.1), 4 users, no warm-up:
 * the run ends well within a stated bound, the heap stays bounded, every call is in llm-calls.csv as a
 * failed call with a clear reason of bounded length.
 *
 * <p>Time bounds are generous (a loaded 2-core box): each run must end within 120 s, where the fixture's
 * responses last up to {@link HostileServer#MAX_RESPONSE_MS} and, without the bounds, the suite waits up
 * to llm.timeoutSeconds (1800 s by default) or forever. Memory: the peak of the heap's pools (garbage
 * included) during the run stays below 512 MB of the test JVM's 2 GB (seen: 54-119 MB; the gzip bomb
 * 118-217 MB, in 0.3-3.2 s; without gatling.SseLineLimit it ran out of the 2 GB).
 */
@Slow
class HostileServerTest {
  private static final int USERS = 4;
  private static final long RUN_BOUND_MS = 120_000;
  private static final long HEAP_BOUND_BYTES = 512L << 20;

  @Test
  void endlessTokensWithoutDoneFailTheCallPastMaxTokens(@TempDir Path tmp) throws Exception {
    List<Map<String, String>> calls = run(Behaviour.ENDLESS_TOKENS, 0, tmp, Map.of());
    for (Map<String, String> c : calls) {
      assertThat(c.get("error")).startsWith("more token events than requested: ");
      // stopped within a drain of the cap: max_tokens (60 at most) + 16, 1 ms apart, drained every 20 ms
      assertThat(Integer.parseInt(c.get("token_events"))).isLessThanOrEqualTo(60 + 16 + 1);
    }
  }

  @Test
  void aStreamOfOnlyKeepAliveCommentsEndsAtTheMaximumCallDuration(@TempDir Path tmp) throws Exception {
    List<Map<String, String>> calls = run(Behaviour.KEEPALIVE_FOREVER, 0, tmp, Map.of("llm.maxCallSeconds", "3"));
    for (Map<String, String> c : calls) {
      assertThat(c.get("error")).startsWith("call lasted 3.").contains("llm.maxCallSeconds=3.0");
    }
  }

  /**
   * A 1 MB gzip body that inflates to one 1 GB SSE line, although the request asked for identity:
   * Gatling inflates it inside the read, but gatling.SseLineLimit, after the decompressor, fails the
   * response once the line passes 1 MiB, before Gatling's SSE decoder can keep more.
   */
  @Test
  void aGzipBombFailsTheCallsWithBoundedMemory(@TempDir Path tmp) throws Exception {
    List<Map<String, String>> calls = run(Behaviour.GZIP_BOMB, 0, tmp, Map.of());
    for (Map<String, String> c : calls) {
      assertThat(c.get("error")).startsWith("connection failed: the server sent a line longer than " + SseLineLimit.MAX_LINE_BYTES + " bytes");
    }
  }

  @Test
  void aHugeErrorBodyIsReadThroughALimitAndEveryCallIsRecorded(@TempDir Path tmp) throws Exception {
    List<Map<String, String>> calls = run(Behaviour.HUGE_ERROR, 0, tmp, Map.of());
    for (Map<String, String> c : calls) {
      assertThat(c.get("http_status")).isEqualTo("400");
      assertThat(c.get("error")).startsWith("HTTP 400").contains("exceeds 65536 bytes");
    }
  }

  @Test
  void aMillionMetricSeriesAreAFailedScrapeNotAFullHeap(@TempDir Path tmp) throws Exception {
    List<Map<String, String>> calls = run(Behaviour.ENDLESS_TOKENS, 1_000_000, tmp,
        Map.of("llm.metricsPeriodSeconds", "0.5"));
    assertThat(calls).hasSize(USERS);
  }

  private static List<Map<String, String>> run(Behaviour behaviour, int metricSeries, Path tmp,
      Map<String, String> extra) throws Exception {
    try (HostileServer server = new HostileServer(behaviour, metricSeries)) {
      Map<String, String> props = new HashMap<>();
      props.put("llm.baseUrl", server.baseUrl());
      props.put("llm.users", Integer.toString(USERS));
      props.put("llm.rampSeconds", "0");
      props.put("llm.agentMix", "0");
      props.put("llm.output.min", "40");
      props.put("llm.output.max", "60");
      props.put("llm.warmupCalls", "0");
      props.put("llm.outputDir", tmp.resolve("runs").toString());
      props.put("llm.metricsUrl", metricSeries > 0 ? server.baseUrl() + "/metrics" : "off");
      props.putAll(extra);
      List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP).toList();
      System.gc();
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      long start = System.nanoTime();
      GatlingRunner.run(SmokeSimulation.class, props, tmp.resolve("gatling"), false);
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
      System.out.printf("hostile %s: run %d ms, heap peak %d MB%n", behaviour, elapsedMs, peak >> 20);
      assertThat(elapsedMs).as("run time (ms)").isLessThan(RUN_BOUND_MS);
      assertThat(peak).as("heap peak (bytes)").isLessThan(HEAP_BOUND_BYTES);
      List<Map<String, String>> calls = CallsFile.read(CallsFile.onlyRunDir(tmp.resolve("runs")).resolve("llm-calls.csv"));
      assertThat(calls).as("every call is recorded").hasSize(USERS);
      for (Map<String, String> c : calls) {
        assertThat(c.get("ok")).isEqualTo("false");
        assertThat(c.get("error").length()).as("kept error length").isLessThanOrEqualTo(ServerText.MAX_CHARS + 40);
      }
      return calls;
    }
  }
}
