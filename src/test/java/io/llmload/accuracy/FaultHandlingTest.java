package io.llmload.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.sim.FaultKind;
import io.llmload.sim.FaultRecord;
import io.llmload.sim.SimConfig;
import io.llmload.sim.SimMode;
import io.llmload.sim.VllmSimulator;
import io.llmload.simulations.SmokeSimulation;
import io.llmload.testing.CallsFile;
import io.llmload.testing.GatlingRunner;
import io.llmload.testing.Slow;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of server fault becomes a failed call with its own reason, the run goes on, and no
 * finished call is lost: what the simulator injected (its fault log) is compared with what the suite
 * reported (llm-calls.csv).
 */
@Slow
class FaultHandlingTest {
  private static final int USERS = 40;

  @Test
  void everyInjectedFaultIsAFailedCallWithItsReason(@TempDir Path tmp) {
    SimConfig sim = SimConfig.builder().mode(SimMode.FIXED).ttftMs(50).itlMs(5).port(0).seed(7).stallSeconds(60)
        .faults("http500:0.08,http429:0.08,http503:0.08,context400:0.08,midstream_error:0.08,cut:0.08,stall:0.08,invalid_json:0.08")
        .build();
    try (VllmSimulator server = VllmSimulator.start(sim)) {
      Map<String, String> props = new HashMap<>();
      props.put("llm.baseUrl", server.baseUrl());
      props.put("llm.users", Integer.toString(USERS));
      props.put("llm.rampSeconds", "1");
      props.put("llm.agentMix", "0");
      props.put("llm.output.min", "40");
      props.put("llm.output.max", "60");
      props.put("llm.warmupCalls", "0");
      props.put("llm.timeoutSeconds", "2");
      props.put("llm.outputDir", tmp.resolve("runs").toString());
      props.put("llm.metricsUrl", "off");
      props.put("llm.explainRefusals", "false"); // replays would draw faults of their own (ErrorExplainerTest covers them)
      GatlingRunner.run(SmokeSimulation.class, props, tmp.resolve("gatling"), false);

      List<Map<String, String>> calls = CallsFile.read(CallsFile.onlyRunDir(tmp.resolve("runs")).resolve("llm-calls.csv"));
      assertThat(calls).hasSize(USERS);
      List<FaultRecord> faults = server.faultLog().records();
      assertThat(faults).isNotEmpty();
      Map<FaultKind, Long> injected = faults.stream().collect(Collectors.groupingBy(FaultRecord::kind, Collectors.counting()));
      assertThat(injected.keySet()).hasSizeGreaterThanOrEqualTo(5);

      Map<String, FaultKind> midStream = new HashMap<>();
      faults.stream().filter(f -> !f.kind().beforeStream()).forEach(f -> midStream.put(f.requestId(), f.kind()));
      for (Map<String, String> c : calls) {
        FaultKind kind = midStream.get(c.get("response_id"));
        String error = c.get("error");
        if (kind == null) {
          continue;
        }
        assertThat(c.get("ok")).as("call %s with %s", c.get("call_id"), kind).isEqualTo("false");
        switch (kind) {
          case MIDSTREAM_ERROR -> assertThat(error).startsWith("error event mid-stream: ");
          case INVALID_JSON -> assertThat(error).startsWith("event is not valid JSON");
          case STALL -> assertThat(error).startsWith("no event for 2.");
          case CUT -> assertThat(error).matches("(connection cut mid-stream|stream ended without \\[DONE\\]).*");
          default -> throw new AssertionError("unexpected mid-stream kind " + kind);
        }
      }
      for (FaultKind pre : List.of(FaultKind.HTTP500, FaultKind.HTTP429, FaultKind.HTTP503, FaultKind.CONTEXT400)) {
        String status = switch (pre) {
          case HTTP500 -> "500";
          case HTTP429 -> "429";
          case HTTP503 -> "503";
          default -> "400";
        };
        long reported = calls.stream().filter(c -> status.equals(c.get("http_status")) && "false".equals(c.get("ok"))).count();
        assertThat(reported).as("calls failed with HTTP %s", status).isEqualTo(injected.getOrDefault(pre, 0L));
      }
      List<String> unexplained = calls.stream()
          .filter(c -> "false".equals(c.get("ok")) && "200".equals(c.get("http_status")) && !midStream.containsKey(c.get("response_id")))
          .map(c -> c.get("call_id") + " " + c.get("response_id") + ": " + c.get("error")).toList();
      assertThat(unexplained).as("failed calls without an injected fault (faults: %s)", faults).isEmpty();
      long okCalls = calls.stream().filter(c -> "true".equals(c.get("ok"))).count();
      assertThat(okCalls).isEqualTo(USERS - faults.size());
      // one request per call: no duplicate POST after a cut, no retry on another connection
      assertThat(server.requestLog().size()).isEqualTo(USERS);
    }
  }
}
