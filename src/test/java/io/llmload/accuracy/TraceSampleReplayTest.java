package io.llmload.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.sim.SimConfig;
import io.llmload.sim.SimMode;
import io.llmload.sim.VllmSimulator;
import io.llmload.simulations.TraceReplaySimulation;
import io.llmload.testing.CallsFile;
import io.llmload.testing.GatlingRunner;
import io.llmload.testing.Slow;
import io.llmload.workload.trace.Trace;
import io.llmload.workload.trace.TraceReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's trace example end to end: the repository's Mooncake sample, read by the real TraceReader (format
 * detected), its hash ids turned into shared prompt blocks, replayed by TraceReplaySimulation against the
 * embedded simulator. Every record is one call with its exact input and forced output.
 */
@Slow
class TraceSampleReplayTest {
  static final Path SAMPLE = Path.of("src/test/resources/traces/mooncake-sample.jsonl");

  @Test
  void theSampleTraceIsReplayedRecordByRecord(@TempDir Path tmp) throws Exception {
    Trace trace = TraceReader.read(SAMPLE, null);
    try (VllmSimulator server = VllmSimulator.start(
        SimConfig.builder().mode(SimMode.FIXED).ttftMs(20).itlMs(1).port(0).seed(3).build())) {
      Map<String, String> props = new HashMap<>();
      props.put("llm.baseUrl", server.baseUrl());
      props.put("llm.workload", "trace");
      props.put("llm.trace.file", SAMPLE.toString());
      props.put("llm.trace.speedup", "8"); // the sample spans 39 s of trace time: about 5 s here
      props.put("llm.warmupCalls", "0");
      props.put("llm.timeoutSeconds", "30");
      props.put("llm.outputDir", tmp.resolve("runs").toString());
      props.put("llm.metricsUrl", "off");
      GatlingRunner.run(TraceReplaySimulation.class, props, tmp.resolve("gatling"), false);

      List<Map<String, String>> calls = new ArrayList<>(CallsFile.read(CallsFile.onlyRunDir(tmp.resolve("runs"))
          .resolve("llm-calls.csv")));
      assertThat(calls).hasSize(trace.records().size()).allMatch(c -> "true".equals(c.get("ok")));
      assertThat(server.requestLog().size()).as("one request per record").isEqualTo(trace.records().size());
      calls.sort(Comparator.comparingLong(c -> Long.parseLong(c.get("intended_ms"))));
      List<Integer> sentInputs = calls.stream().map(c -> Integer.parseInt(c.get("input_tokens"))).sorted().toList();
      List<Integer> traceInputs = trace.records().stream().map(r -> r.inputTokens()).sorted().toList();
      assertThat(sentInputs).as("every record's input size, as recorded").isEqualTo(traceInputs);
      // the server counts the built prompt plus the same chat-template overhead on every call
      List<Integer> overhead = calls.stream().map(c -> Integer.parseInt(c.get("usage_prompt_tokens"))
          - Integer.parseInt(c.get("input_tokens"))).distinct().toList();
      assertThat(overhead).as("usage.prompt_tokens - input_tokens").singleElement()
          .satisfies(o -> assertThat(o).isBetween(0, 64));
      for (Map<String, String> c : calls) {
        assertThat(c.get("output_tokens")).as("output forced").isEqualTo(c.get("requested_output_tokens"));
      }
    }
  }
}
