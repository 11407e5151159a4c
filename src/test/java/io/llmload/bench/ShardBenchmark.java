package io.llmload.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.llmload.cli.MergeMain;
import io.llmload.metrics.Percentiles;
import io.llmload.run.CallRow;
import io.llmload.run.RunFiles;
import io.llmload.run.RunFolder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * N injector processes (shards of one run, merged) against 1 injector at the same total load, both against one
 * simulator in its own JVM in fixed mode: TTFT error = client TTFT − the schedule's TTFT, over the ok calls, for
 * each. Both send the same schedule (llm.rate = users / ramp, even arrivals). With taskset and at least N + 1
 * cores, the simulator is pinned to the last core and injector I to core I (the single injector to core 0);
 * on fewer cores nothing is pinned. Settings (-D): bench.injectors (3), bench.users
 * (240, in all), bench.rampSeconds (10), bench.tokens (100 output tokens), bench.ttftMs (200), bench.itlMs (20),
 * bench.heap (512m per injector), bench.startAheadSeconds (0: each injector starts its own schedule;
 * N > 0: llm.startAt = launch + N s for every injector of a run), bench.out (target/bench/shards; each run in a dated folder inside). Prints a
 * table and writes shard-benchmark.json.
 */
public final class ShardBenchmark {
  private ShardBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int n = Integer.getInteger("bench.injectors", 3);
    int users = Integer.getInteger("bench.users", 240);
    String ramp = System.getProperty("bench.rampSeconds", "10");
    String tokens = System.getProperty("bench.tokens", "100");
    int ttftMs = Integer.getInteger("bench.ttftMs", 200);
    String itlMs = System.getProperty("bench.itlMs", "20");
    String heap = System.getProperty("bench.heap", "512m");
    int ahead = Integer.getInteger("bench.startAheadSeconds", 0);
    // a folder of its own per benchmark run: the injectors' run folders are found as the only one in theirs
    Path out = Path.of(System.getProperty("bench.out", "target/bench/shards")).toAbsolutePath()
        .resolve(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC)
            .format(java.time.Instant.now()));
    Files.createDirectories(out);
    int cores = Runtime.getRuntime().availableProcessors();
    // a core per injector and one for the simulator; on fewer cores nothing is pinned (N JVMs on one core would
    // measure that core's contention, not the sharding)
    boolean pin = cores >= n + 1 && Files.isExecutable(Path.of("/usr/bin/taskset"));
    String simCpu = pin ? Integer.toString(cores - 1) : null;
    List<String> injectorCpus = new ArrayList<>();
    for (int c = 0; pin && c < n; c++) {
      injectorCpus.add(Integer.toString(c));
    }
    System.out.println("ShardBenchmark: " + Machine.describe() + "; load average " + loadAverage());
    System.out.println(pin ? "pinned: simulator on CPU " + simCpu + ", injectors on CPUs " + injectorCpus
        : "not pinned (" + cores + " cores, " + (n + 1) + " needed to give each injector and the simulator one)");
    Map<String, Object> result = new LinkedHashMap<>();
    try (SimulatorProcess sim = SimulatorProcess.start(Map.of("sim.mode", "fixed", "sim.ttftMs", Integer.toString(ttftMs),
        "sim.itlMs", itlMs), "1g", simCpu, out.resolve("sim.log"))) {
      Map<String, String> props = new LinkedHashMap<>();
      props.put("llm.baseUrl", sim.baseUrl());
      props.put("llm.users", Integer.toString(users));
      props.put("llm.rampSeconds", ramp);
      // both runs send from the same schedule (the even spread at users / ramp per second), so both record
      // intended_ms and the dispatch delay
      props.put("llm.rate", Double.toString(users / Double.parseDouble(ramp)));
      props.put("llm.agentMix", "0");
      props.put("llm.input.min", "100");
      props.put("llm.input.max", "200");
      props.put("llm.output.min", tokens);
      props.put("llm.output.max", tokens);
      props.put("llm.warmupCalls", "3");
      props.put("llm.warmupPerUser", "true");
      props.put("llm.metricsUrl", "off");
      props.put("llm.label", "shard-bench");
      long limit = 600;
      List<String> cpus = pin ? injectorCpus : null;
      if (ahead > 0) {
        props.put("llm.startAt", Long.toString(System.currentTimeMillis() + ahead * 1000L));
      }
      List<Injectors.Injector> shards = Injectors.run(n, props, "bench", heap, cpus, out.resolve("n" + n), limit);
      for (Injectors.Injector i : shards) {
        if (i.exit() != 0) {
          throw new IllegalStateException("an injector failed:\n" + Injectors.log(i));
        }
      }
      ByteArrayOutputStream o = new ByteArrayOutputStream();
      ByteArrayOutputStream e = new ByteArrayOutputStream();
      Path mergedOut = out.resolve("n" + n).resolve("merged");
      int code = MergeMain.run(Map.of("merge.runs", shards.stream().map(i -> i.runDir().toString())
          .collect(Collectors.joining(",")), "merge.out", mergedOut.toString()), new PrintStream(o), new PrintStream(e));
      if (code != MergeMain.OK) {
        throw new IllegalStateException(e.toString(StandardCharsets.UTF_8));
      }
      Path merged;
      try (var s = Files.list(mergedOut)) {
        merged = s.filter(Files::isDirectory).findFirst().orElseThrow();
      }
      if (ahead > 0) {
        props.put("llm.startAt", Long.toString(System.currentTimeMillis() + ahead * 1000L));
      }
      List<Injectors.Injector> single = Injectors.run(1, props, null, heap, cpus, out.resolve("n1"), limit);
      if (single.get(0).exit() != 0) {
        throw new IllegalStateException("the single injector failed:\n" + Injectors.log(single.get(0)));
      }
      result.put(n + " injectors (merged)", figures(merged, ttftMs, shards.stream().mapToDouble(Injectors.Injector::cpuSeconds).sum()));
      result.put("1 injector", figures(single.get(0).runDir(), ttftMs, single.get(0).cpuSeconds()));
    }
    result.put("load_average_after", loadAverage());
    System.out.printf(Locale.ROOT, "%-22s %6s %6s %10s %10s %10s %12s %8s %9s%n", "", "calls", "ok", "TTFTerr p50",
        "p99", "max", "dispatch p99", "CPU s", "warnings");
    result.forEach((name, v) -> {
      if (v instanceof Map<?, ?> f) {
        System.out.printf(Locale.ROOT, "%-22s %6s %6s %10s %10s %10s %12s %8s %9s%n", name, f.get("calls"), f.get("ok"),
            f.get("ttft_error_p50_ms"), f.get("ttft_error_p99_ms"), f.get("ttft_error_max_ms"), f.get("dispatch_delay_p99_ms"),
            f.get("injector_cpu_s"), f.get("client_warnings"));
      }
    });
    Path json = out.resolve("shard-benchmark.json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), result);
    System.out.println("written: " + json);
  }

  /** TTFT error against the schedule over the ok calls, dispatch delay, CPU and the client warnings of a run folder. */
  static Map<String, Object> figures(Path runDir, int ttftMs, double cpuSeconds) throws Exception {
    var merge = new ObjectMapper().readTree(runDir.resolve(RunFiles.SUMMARY).toFile()).path("merge");
    List<Double> errors = new ArrayList<>();
    List<Double> dispatch = new ArrayList<>();
    int[] calls = {0};
    RunFolder.open(runDir).forEachCallAsWritten((row, fields, schedule) -> {
      calls[0]++;
      if (row.ok()) {
        errors.add(row.ttftMs() - ttftMs);
      }
      if (schedule != null) {
        dispatch.add(schedule.dispatchDelayMs());
      }
    });
    double[] e = errors.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double[] d = dispatch.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("run", runDir.toString());
    f.put("calls", calls[0]);
    f.put("ok", e.length);
    f.put("ttft_error_p50_ms", e.length == 0 ? null : Percentiles.nearestRank(e, 50));
    f.put("ttft_error_p99_ms", e.length == 0 ? null : Percentiles.nearestRank(e, 99));
    f.put("ttft_error_max_ms", e.length == 0 ? null : e[e.length - 1]);
    f.put("dispatch_delay_p99_ms", d.length == 0 ? null : Percentiles.round(Percentiles.nearestRank(d, 99)));
    f.put("injector_cpu_s", Percentiles.round(cpuSeconds));
    var summary = new ObjectMapper().readTree(runDir.resolve(RunFiles.SUMMARY).toFile());
    f.put("client_warnings", summary.path("client_health").path("warnings").size());
    f.put("window_s", summary.path("totals").path("window_s").asDouble());
    f.put("output_tokens_per_s", summary.path("totals").path("output_tokens_per_s").asDouble());
    if (merge.isObject()) {
      f.put("first_call_spread_ms", merge.path("first_call_spread_ms").asLong());
    }
    return f;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
