package io.llmload.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.llmload.metrics.Percentiles;
import io.llmload.simulations.TraceReplaySimulation;
import io.llmload.testing.CallsFile;
import io.llmload.testing.GatlingRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How punctually the client replays a trace: bench.records calls (10,000) at bench.rate calls/s (100, Poisson
 * gaps from a fixed seed) against the simulator in fixed mode in its own JVM (TTFT 50 ms, 20 output tokens
 * 5 ms apart, so about 15 calls in flight), then the dispatch delay (start − intended − queue, llm-calls.csv)
 * p50/p99/max and the client's CPU per call (this JVM's user + system CPU over the measured run, as
 * LoadBenchmark measures it, divided by the calls). A short replay in the same JVM goes first (JIT).
 * The trace is a tiny offset,input,output file read by this class (the trace formats' readers are not used).
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.llmload.bench.TraceReplayBenchmark
 * </pre>
 * Properties (defaults): bench.records (10000), bench.rate (100), bench.out (target/bench). Target: dispatch
 * delay p99 ≤ 2 ms.
 */
public final class TraceReplayBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TraceReplayBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int records = Integer.getInteger("bench.records", 10_000);
    double rate = Double.parseDouble(System.getProperty("bench.rate", "100"));
    Path out = Path.of(System.getProperty("bench.out", "target/bench"));
    Path dir = out.resolve("replay-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(dir);
    Path trace = writeTrace(dir.resolve("trace.jsonl"), records, rate);
    Path warmTrace = writeTrace(dir.resolve("warm-trace.jsonl"), Math.min(1000, records), rate);
    Map<String, String> sim = new LinkedHashMap<>();
    sim.put("sim.mode", "fixed");
    sim.put("sim.ttftMs", "50");
    sim.put("sim.itlMs", "5");
    sim.put("sim.seed", "7");
    Map<String, Object> r = new LinkedHashMap<>();
    try (SimulatorProcess server = SimulatorProcess.start(sim, "1g", null, dir.resolve("simulator.log"))) {
      Map<String, String> props = new HashMap<>();
      props.put("llm.baseUrl", server.baseUrl());
      props.put("llm.workload", "trace");
      props.put("llm.trace.format", "jsonl");
      props.put("llm.warmupCalls", "20");
      props.put("llm.explainRefusals", "false");
      props.put("llm.metricsUrl", "off");
      Map<String, String> warm = new HashMap<>(props);
      warm.put("llm.trace.file", warmTrace.toString());
      warm.put("llm.outputDir", dir.resolve("warmup-run").toString());
      GatlingRunner.run(TraceReplaySimulation.class, warm, dir.resolve("gatling-warmup"), false);
      props.put("llm.trace.file", trace.toString());
      props.put("llm.outputDir", dir.resolve("runs").toString());
      double[] cpu0 = ProcCpu.selfBreakdown();
      long t0 = System.nanoTime();
      int exit = GatlingRunner.run(TraceReplaySimulation.class, props, dir.resolve("gatling"), false);
      double wall = (System.nanoTime() - t0) / 1e9;
      double[] cpu1 = ProcCpu.selfBreakdown();
      List<Map<String, String>> calls = CallsFile.read(CallsFile.onlyRunDir(dir.resolve("runs")).resolve("llm-calls.csv"));
      double[] delays = calls.stream().mapToDouble(c -> Double.parseDouble(c.get("dispatch_delay_ms"))).sorted().toArray();
      long ok = calls.stream().filter(c -> "true".equals(c.get("ok"))).count();
      double cpu = (cpu1[0] - cpu0[0]) + (cpu1[1] - cpu0[1]);
      r.put("machine", Machine.describe());
      r.put("records", records);
      r.put("rate_per_s", rate);
      r.put("gatling_exit", exit);
      r.put("calls", calls.size());
      r.put("ok", ok);
      r.put("dispatch_delay_p50_ms", Percentiles.round(Percentiles.nearestRank(delays, 50)));
      r.put("dispatch_delay_p99_ms", Percentiles.round(Percentiles.nearestRank(delays, 99)));
      r.put("dispatch_delay_p999_ms", Percentiles.round(Percentiles.nearestRank(delays, 99.9)));
      r.put("dispatch_delay_max_ms", Percentiles.round(delays[delays.length - 1]));
      r.put("calls_over_2ms", Arrays.stream(delays).filter(d -> d > 2).count());
      r.put("client_cpu_s", Percentiles.round(cpu));
      r.put("client_cpu_ms_per_call", Percentiles.round(cpu * 1000 / calls.size()));
      r.put("client_cpu_share_of_one_core", Percentiles.round(cpu / wall));
      r.put("wall_s", Percentiles.round(wall));
      r.put("meets_p99_target_2ms", Percentiles.nearestRank(delays, 99) <= 2);
      r.put("load_after", Machine.describe());
    }
    Files.writeString(dir.resolve("replay-benchmark.json"), JSON.writeValueAsString(r));
    System.out.println("trace replay benchmark: " + JSON.writeValueAsString(r));
    System.out.println("written to " + dir.resolve("replay-benchmark.json"));
    System.exit(0);
  }

  private static Path writeTrace(Path file, int records, double rate) throws IOException {
    SplittableRandom random = new SplittableRandom(11);
    StringBuilder sb = new StringBuilder();
    double t = 0;
    for (int i = 0; i < records; i++) {
      if (i > 0) {
        t += -Math.log(1 - random.nextDouble()) * 1000 / rate;
      }
      sb.append("{\"timestamp\": ").append(Math.round(t)).append(", \"input_length\": ").append(100 + random.nextInt(100))
          .append(", \"output_length\": 20}\n");
    }
    return Files.writeString(file, sb);
  }

}
