package io.llmload.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmload.sim.RequestRecord;
import io.llmload.sim.SimConfig;
import io.llmload.sim.SimMode;
import io.llmload.sim.VllmSimulator;
import io.llmload.simulations.SmokeSimulation;
import io.llmload.simulations.TraceReplaySimulation;
import io.llmload.testing.CallsFile;
import io.llmload.testing.GatlingRunner;
import io.llmload.testing.Slow;
import io.llmload.workload.trace.TraceReader;
import io.llmload.workload.trace.TraceRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls sent from a schedule, against the simulator's fixed mode (TTFT 100 ms, 5 ms per token): the
 * concurrency cap is never exceeded (counted server-side from the simulator's request log), queue time is
 * kept out of TTFT, and a trace replay sends every record once at its time. Bounds are generous for a
 * loaded 2-core box and stated at each assertion.
 */
@Slow
class ScheduledSendTest {
  private static final int TTFT_MS = 100;
  /** Lateness allowed on a loaded 2-core box: for TTFT above the simulator's, and for dispatch delay. */
  private static final double BOUND_MS = 150;

  private static Map<String, String> props(VllmSimulator server, Path tmp) {
    Map<String, String> props = new HashMap<>();
    props.put("llm.baseUrl", server.baseUrl());
    props.put("llm.agentMix", "0");
    props.put("llm.input.min", "100");
    props.put("llm.input.max", "150");
    props.put("llm.output.min", "20");
    props.put("llm.output.max", "20");
    props.put("llm.warmupCalls", "0");
    props.put("llm.timeoutSeconds", "10");
    props.put("llm.outputDir", tmp.resolve("runs").toString());
    props.put("llm.metricsUrl", "off");
    return props;
  }

  private static SimConfig fixed() {
    return SimConfig.builder().mode(SimMode.FIXED).ttftMs(TTFT_MS).itlMs(5).port(0).seed(7).build();
  }

  @Test
  void theCapIsNeverExceededAndQueueTimeStaysOutOfTtft(@TempDir Path tmp) throws IOException {
    int users = 30;
    int cap = 3;
    try (VllmSimulator server = VllmSimulator.start(fixed())) {
      Map<String, String> props = props(server, tmp);
      props.put("llm.users", Integer.toString(users));
      props.put("llm.arrival", "poisson");
      props.put("llm.rate", "100"); // 30 arrivals in about 0.3 s; 30 calls of about 0.2 s on 3 slots take 2 s
      props.put("llm.maxConcurrency", Integer.toString(cap));
      GatlingRunner.run(SmokeSimulation.class, props, tmp.resolve("gatling"), false);

      Path runDir = CallsFile.onlyRunDir(tmp.resolve("runs"));
      List<Map<String, String>> calls = CallsFile.read(runDir.resolve("llm-calls.csv"));
      assertThat(calls).hasSize(users).allMatch(c -> "true".equals(c.get("ok")));
      assertThat(maxInFlight(server.requestLog().records())).as("streams in flight at the server").isBetween(1, cap);
      assertThat(maxInFlight(server.requestLog().records())).as("the cap is reached").isEqualTo(cap);
      double maxQueue = calls.stream().mapToDouble(c -> Double.parseDouble(c.get("queue_ms"))).max().orElseThrow();
      assertThat(maxQueue).as("the last arrivals queue for most of the 2 s").isGreaterThan(1000);
      // the first calls of a fresh JVM may be slow (connects, JIT); the queued ones come later and must not
      // carry their queue time in TTFT
      List<Map<String, String>> queued = calls.stream().filter(c -> Double.parseDouble(c.get("queue_ms")) > 500).toList();
      assertThat(queued).as("calls that queued over 500 ms").hasSizeGreaterThanOrEqualTo(users / 3);
      for (Map<String, String> c : queued) {
        assertThat(Double.parseDouble(c.get("ttft_ms"))).as("TTFT of call %s (queue %s ms) within %s ms of the server's",
            c.get("call_id"), c.get("queue_ms"), BOUND_MS).isBetween((double) TTFT_MS, TTFT_MS + BOUND_MS);
      }
      for (Map<String, String> c : calls) {
        long start = Long.parseLong(c.get("start_ms"));
        long intended = Long.parseLong(c.get("intended_ms"));
        double queue = Double.parseDouble(c.get("queue_ms"));
        double dispatch = Double.parseDouble(c.get("dispatch_delay_ms"));
        assertThat(start - intended).as("start - intended = queue + dispatch delay (ms rounding)")
            .isCloseTo(Math.round(queue + dispatch), org.assertj.core.data.Offset.offset(1L));
      }
      JsonNode summary = new ObjectMapper().readTree(runDir.resolve("llm-summary.json").toFile());
      assertThat(summary.at("/groups/overall/queue_ms/count").asInt()).isEqualTo(users);
      assertThat(summary.at("/groups/overall/queue_ms/max").asDouble()).isEqualTo(maxQueue);
      assertThat(summary.at("/groups/overall/dispatch_delay_ms/p99").isNumber()).isTrue();
    }
  }

  @Test
  void aReplaySendsEveryRecordOnceAtItsTime(@TempDir Path tmp) throws IOException {
    SplittableRandom random = new SplittableRandom(5);
    StringBuilder trace = new StringBuilder();
    long offset = 0;
    int records = 40;
    for (int i = 0; i < records; i++) {
      offset += i == 0 ? 0 : 20 + random.nextInt(60);
      trace.append("{\"timestamp\": ").append(offset).append(", \"input_length\": ").append(60 + random.nextInt(100))
          .append(", \"output_length\": ").append(5 + random.nextInt(10)).append("}\n");
    }
    Path file = tmp.resolve("trace.jsonl");
    Files.writeString(file, trace);
    List<TraceRecord> expected = TraceReader.read(file, "jsonl").records();
    try (VllmSimulator server = VllmSimulator.start(fixed())) {
      Map<String, String> props = props(server, tmp);
      props.put("llm.workload", "trace");
      props.put("llm.trace.file", file.toString());
      props.put("llm.trace.format", "jsonl");
      GatlingRunner.run(TraceReplaySimulation.class, props, tmp.resolve("gatling"), false);

      List<Map<String, String>> calls = new ArrayList<>(CallsFile.read(CallsFile.onlyRunDir(tmp.resolve("runs"))
          .resolve("llm-calls.csv")));
      assertThat(calls).hasSize(records).allMatch(c -> "true".equals(c.get("ok")));
      assertThat(server.requestLog().size()).as("one request per record").isEqualTo(records);
      calls.sort(Comparator.comparingLong(c -> Long.parseLong(c.get("call_id"))));
      long firstIntended = Long.parseLong(calls.get(0).get("intended_ms"));
      List<RequestRecord> arrivals = new ArrayList<>(server.requestLog().records());
      arrivals.sort(Comparator.comparingLong(RequestRecord::arrivalNanos));
      long firstArrival = arrivals.get(0).arrivalNanos();
      for (int i = 0; i < records; i++) {
        Map<String, String> c = calls.get(i);
        TraceRecord r = expected.get(i);
        assertThat(Integer.parseInt(c.get("input_tokens"))).isEqualTo(r.inputTokens());
        assertThat(Integer.parseInt(c.get("output_tokens"))).as("output forced").isEqualTo(r.outputTokens());
        assertThat(Long.parseLong(c.get("intended_ms")) - firstIntended).as("record %s's intended offset", i)
            .isCloseTo(r.offsetMs(), org.assertj.core.data.Offset.offset(1L));
        assertThat(Double.parseDouble(c.get("queue_ms"))).isZero();
        assertThat(Double.parseDouble(c.get("dispatch_delay_ms"))).as("record %s's dispatch delay (bound %s ms)", i, BOUND_MS)
            .isBetween(0.0, BOUND_MS);
        assertThat((arrivals.get(i).arrivalNanos() - firstArrival) / 1e6).as("server arrival of the %s-th request", i)
            .isCloseTo(r.offsetMs(), org.assertj.core.data.Offset.offset(BOUND_MS));
      }
    }
  }

  /** The most requests the server had in progress at once: [arrival, last token] intervals, swept. */
  static int maxInFlight(List<RequestRecord> requests) {
    List<long[]> events = new ArrayList<>();
    for (RequestRecord r : requests) {
      events.add(new long[] {r.arrivalNanos(), 1});
      events.add(new long[] {Math.max(r.arrivalNanos(), r.lastTokenNanos()), -1});
    }
    events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int now = 0;
    int max = 0;
    for (long[] e : events) {
      now += (int) e[1];
      max = Math.max(max, now);
    }
    return max;
  }
}
