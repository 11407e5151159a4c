package io.llmload.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.llmload.csv.CsvTable;
import io.llmload.metrics.Percentiles;
import io.llmload.run.CallRow;
import io.llmload.testing.CallsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The suite beside the lean reference client ({@link LeanClient}: java.net.http, no Gatling) on the same work in
 * the same run: heavy calls (7k-10k input, 1000-1200 output tokens) at even arrivals against the simulator in
 * fixed-schedule mode (its own JVM), each client in a JVM of its own, one after the other, for each user count.
 * Every call is matched with the simulator's own log by response id (its arrival and first-token write as
 * nanoTime, the same clock in every process of a Linux machine; the suite's stamps are put on it through
 * Gatling's clock at nanoTime 0, written by SuiteRunMain).
 *
 * <p>Figures per client: TTFT error = client TTFT − the server's own TTFT (first token written − request
 * received); TTFT − the schedule; request path = server received the request − client start; first-token
 * delivery = client stamp − server write; the suite's send delay (sent − start); the first 20 measured calls
 * against the rest; CPU per token event = (process CPU − a 1-call run's process CPU) / token events received.
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.llmload.bench.RequestPathBenchmark \
 *     [-Dbench.users=20,200] [-Dbench.spreadSeconds=10]
 * </pre>
 * Properties (defaults): bench.users (20,200), bench.spreadSeconds (10), bench.ttftMs (150), bench.itlMs (10),
 * bench.input.min/max (7000/10000), bench.output.min/max (1000/1200), bench.suiteHeap (1g), bench.out (target/bench),
 * bench.fixedCost (true; false skips the 1-call runs, and CPU per event is then not given),
 * and any llm.* property (passed to the suite's runs, e.g. llm.warmupCalls).
 */
public final class RequestPathBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int FIRST = 20;

  private final Map<String, String> s = new LinkedHashMap<>();
  private final Map<String, String> llm = new LinkedHashMap<>();
  private final Path out;

  private RequestPathBenchmark() {
    s.put("bench.users", "20,200");
    s.put("bench.spreadSeconds", "10");
    s.put("bench.ttftMs", "150");
    s.put("bench.itlMs", "10");
    s.put("bench.input.min", "7000");
    s.put("bench.input.max", "10000");
    s.put("bench.output.min", "1000");
    s.put("bench.output.max", "1200");
    s.put("bench.suiteHeap", "1g");
    s.put("bench.out", "target/bench");
    s.put("bench.fixedCost", "true");
    s.replaceAll((k, v) -> System.getProperty(k, v));
    System.getProperties().forEach((k, v) -> {
      if (k.toString().startsWith("llm.")) {
        llm.put(k.toString(), v.toString());
      }
    });
    out = Path.of(s.get("bench.out")).toAbsolutePath().resolve("request-path-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }

  public static void main(String[] args) throws Exception {
    new RequestPathBenchmark().run();
    System.exit(0);
  }

  private void run() throws Exception {
    Files.createDirectories(out);
    Map<String, String> sim = Map.of("sim.mode", "fixed", "sim.ttftMs", s.get("bench.ttftMs"), "sim.itlMs",
        s.get("bench.itlMs"), "sim.seed", "7");
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("date", LocalDateTime.now().toString());
    result.put("machine", Machine.describe());
    result.put("load_average_before", loadAverage());
    result.put("settings", s);
    result.put("llm_overrides", llm);
    try (SimulatorProcess server = SimulatorProcess.start(sim, "2g", null, out.resolve("simulator.log"))) {
      String model = modelOf(server);
      boolean fixedCost = Boolean.parseBoolean(s.get("bench.fixedCost"));
      double leanFixed = fixedCost ? lean(server, model, 1, out.resolve("lean-1")).cpu() : Double.NaN;
      server.stats(false, true);
      double suiteFixed = fixedCost ? suite(server, 1, out.resolve("suite-1")).cpu() : Double.NaN;
      server.stats(false, true);
      result.put("fixed_cpu_s", Map.of("lean", leanFixed, "suite", suiteFixed));
      List<String> table = new ArrayList<>();
      for (String u : s.get("bench.users").split(",")) {
        int users = Integer.parseInt(u.strip());
        Run lean = lean(server, model, users, out.resolve("lean-" + users));
        Map<String, Object> l = figures(lean.matched(server.stats(true, true)), lean.cpu() - leanFixed);
        Run suite = suite(server, users, out.resolve("suite-" + users));
        Map<String, Object> g = figures(suite.matched(server.stats(true, true)), suite.cpu() - suiteFixed);
        result.put("lean_" + users, l);
        result.put("suite_" + users, g);
        table.add(row("lean", users, l));
        table.add(row("suite", users, g));
      }
      result.put("load_average_after", loadAverage());
      Files.writeString(out.resolve("result.json"), JSON.writeValueAsString(result));
      System.out.println(JSON.writeValueAsString(result));
      System.out.println();
      System.out.println("| client | users | calls ok | TTFT error p50 / p95 / p99 ms | TTFT − schedule p50 / p99 ms"
          + " | request path p50 / p95 / p99 ms | send delay p50 / p99 ms | first token delivery p50 / p99 ms"
          + " | first 20: TTFT error p50, send delay p50 / max | rest: TTFT error p50, send delay p50 / max"
          + " | CPU µs / token event |");
      System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
      table.forEach(System.out::println);
      System.out.println("load average before / after: " + result.get("load_average_before") + " / "
          + result.get("load_average_after") + "; files: " + out.toAbsolutePath());
    }
  }

  /** A client's calls matched with the server's log, in start order, and its process CPU. */
  private record Run(List<Matched> calls, double cpu) {
    Run matched(JsonNode stats) {
      Map<String, JsonNode> byId = new HashMap<>();
      stats.path("requests").forEach(r -> byId.put(r.path("id").asText(), r));
      List<Matched> m = new ArrayList<>();
      for (Matched c : calls) {
        JsonNode r = byId.get(c.responseId());
        m.add(r == null ? c : c.withServer(r.path("arrival_ns").asLong(), r.path("first_token_ns").asLong()));
      }
      return new Run(m, cpu);
    }
  }

  /**
   * One call: start, first token (both ms on the nanoTime clock / 1e6), the reported TTFT, the send delay (NaN
   * for the lean client), token events, and the server's arrival and first-token write (ms, NaN until matched).
   */
  private record Matched(double startMs, double firstTokenMs, double ttftMs, double sendDelayMs, long events,
                         String responseId, boolean ok, double serverArrivalMs, double serverFirstTokenMs) {
    Matched withServer(long arrivalNs, long firstTokenNs) {
      return new Matched(startMs, firstTokenMs, ttftMs, sendDelayMs, events, responseId, ok, arrivalNs / 1e6,
          firstTokenNs < 0 ? Double.NaN : firstTokenNs / 1e6);
    }
  }

  private Run lean(SimulatorProcess server, String model, int users, Path dir) throws Exception {
    Files.createDirectories(dir);
    List<String> cmd = new ArrayList<>(List.of(Classpath.java(), "-Xmx" + s.get("bench.suiteHeap"), "-cp", Classpath.current()));
    cmd.add("-Dlean.users=" + users);
    cmd.add("-Dlean.spreadSeconds=" + s.get("bench.spreadSeconds"));
    cmd.add("-Dlean.input.min=" + s.get("bench.input.min"));
    cmd.add("-Dlean.input.max=" + s.get("bench.input.max"));
    cmd.add("-Dlean.output.min=" + s.get("bench.output.min"));
    cmd.add("-Dlean.output.max=" + s.get("bench.output.max"));
    cmd.add(LeanClientMain.class.getName());
    cmd.addAll(List.of(server.baseUrl(), model, dir.resolve("calls.csv").toString(), dir.resolve("cpu.txt").toString()));
    exec(cmd, dir);
    List<Matched> calls = new ArrayList<>();
    try (CsvTable t = CsvTable.open(dir.resolve("calls.csv"))) {
      while (t.next()) {
        double start = t.requiredInteger(0) / 1e6;
        long first = t.requiredInteger(1);
        calls.add(new Matched(start, first < 0 ? Double.NaN : first / 1e6, first < 0 ? Double.NaN : first / 1e6 - start,
            Double.NaN, t.requiredInteger(3), t.string(4), t.bool(5), Double.NaN, Double.NaN));
      }
    }
    calls.sort(Comparator.comparingDouble(Matched::startMs));
    return new Run(calls, readDouble(dir.resolve("cpu.txt")));
  }

  private Run suite(SimulatorProcess server, int users, Path dir) throws Exception {
    Files.createDirectories(dir);
    List<String> cmd = new ArrayList<>(List.of(Classpath.java(), "-Xmx" + s.get("bench.suiteHeap"),
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "-cp", Classpath.current()));
    Map<String, String> p = new LinkedHashMap<>();
    p.put("llm.baseUrl", server.baseUrl());
    p.put("llm.users", Integer.toString(users));
    p.put("llm.rampSeconds", s.get("bench.spreadSeconds"));
    p.put("llm.agentMix", "0");
    p.put("llm.input.min", s.get("bench.input.min"));
    p.put("llm.input.max", s.get("bench.input.max"));
    p.put("llm.output.min", s.get("bench.output.min"));
    p.put("llm.output.max", s.get("bench.output.max"));
    p.put("llm.metricsUrl", "off");
    p.put("llm.archive", "false");
    p.put("llm.outputDir", dir.resolve("runs").toString());
    p.put("llm.label", "request-path-" + users);
    p.putAll(llm);
    p.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    // the default workload's simulation, so the warm-up is the default one (SmokeSimulation's is smaller)
    cmd.add("-Dbench.simulation=io.llmload.simulations.HeavyCallSimulation");
    cmd.add(SuiteRunMain.class.getName());
    cmd.addAll(List.of(dir.resolve("gatling").toString(), dir.resolve("cpu.txt").toString(), dir.resolve("clock.txt").toString()));
    exec(cmd, dir);
    // Gatling's clock (epoch ms) at nanoTime 0: a nanoTime stamp t is at base + t / 1e6 on the run's clock
    double base = readDouble(dir.resolve("clock.txt"));
    List<Matched> calls = new ArrayList<>();
    for (CallRow c : CallsFile.calls(CallsFile.onlyRunDir(dir.resolve("runs")))) {
      // the exact start: sent − send delay (start_ms itself is Gatling's whole ms)
      double start = c.sentMs() != null ? c.sentMs() - c.sendDelayMs() - base : c.startMs() - base;
      double ttft = c.ttftMs() == null ? Double.NaN : c.ttftMs();
      calls.add(new Matched(start, c.ttftMs() == null ? Double.NaN : c.startMs() + ttft - base, ttft,
          c.sendDelayMs() == null ? Double.NaN : c.sendDelayMs(), c.tokenEvents() == null ? 0 : c.tokenEvents(),
          c.responseId(), c.ok(), Double.NaN, Double.NaN));
    }
    calls.sort(Comparator.comparingDouble(Matched::startMs));
    return new Run(calls, readDouble(dir.resolve("cpu.txt")));
  }

  private Map<String, Object> figures(Run run, double loadCpu) {
    List<Matched> ok = run.calls().stream().filter(c -> c.ok() && !Double.isNaN(c.serverArrivalMs())).toList();
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("calls", run.calls().size());
    f.put("ok_matched", ok.size());
    double sched = Double.parseDouble(s.get("bench.ttftMs"));
    f.put("ttft_error_ms", q(ok.stream().mapToDouble(c -> c.ttftMs() - (c.serverFirstTokenMs() - c.serverArrivalMs())).toArray()));
    f.put("ttft_minus_schedule_ms", q(ok.stream().mapToDouble(c -> c.ttftMs() - sched).toArray()));
    f.put("request_path_ms", q(ok.stream().mapToDouble(c -> c.serverArrivalMs() - c.startMs()).toArray()));
    f.put("send_delay_ms", q(ok.stream().mapToDouble(Matched::sendDelayMs).filter(v -> !Double.isNaN(v)).toArray()));
    f.put("first_token_delivery_ms", q(ok.stream().mapToDouble(c -> c.firstTokenMs() - c.serverFirstTokenMs()).toArray()));
    List<Matched> first = ok.subList(0, Math.min(FIRST, ok.size()));
    List<Matched> rest = ok.subList(Math.min(FIRST, ok.size()), ok.size());
    f.put("first_20", part(first));
    f.put("rest", part(rest));
    long events = run.calls().stream().mapToLong(Matched::events).sum();
    f.put("token_events", events);
    f.put("load_cpu_s", Double.isNaN(loadCpu) ? null : round(loadCpu));
    f.put("cpu_us_per_token_event", events == 0 || Double.isNaN(loadCpu) ? null : round(loadCpu / events * 1e6));
    return f;
  }

  private static Map<String, Object> part(List<Matched> calls) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("calls", calls.size());
    p.put("ttft_error_ms", q(calls.stream().mapToDouble(c -> c.ttftMs() - (c.serverFirstTokenMs() - c.serverArrivalMs())).toArray()));
    p.put("request_path_ms", q(calls.stream().mapToDouble(c -> c.serverArrivalMs() - c.startMs()).toArray()));
    p.put("send_delay_ms", q(calls.stream().mapToDouble(Matched::sendDelayMs).filter(v -> !Double.isNaN(v)).toArray()));
    return p;
  }

  /** p50, p95, p99, max (nearest rank), or an empty map without samples. */
  private static Map<String, Double> q(double[] values) {
    Map<String, Double> m = new LinkedHashMap<>();
    if (values.length == 0) {
      return m;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    for (double p : new double[] {50, 95, 99}) {
      m.put("p" + (int) p, round(Percentiles.nearestRank(sorted, p)));
    }
    m.put("max", round(sorted[sorted.length - 1]));
    return m;
  }

  @SuppressWarnings("unchecked")
  private static String row(String client, int users, Map<String, Object> f) {
    Map<String, Double> te = (Map<String, Double>) f.get("ttft_error_ms");
    Map<String, Double> ts = (Map<String, Double>) f.get("ttft_minus_schedule_ms");
    Map<String, Double> rp = (Map<String, Double>) f.get("request_path_ms");
    Map<String, Double> sd = (Map<String, Double>) f.get("send_delay_ms");
    Map<String, Double> fd = (Map<String, Double>) f.get("first_token_delivery_ms");
    Map<String, Object> a = (Map<String, Object>) f.get("first_20");
    Map<String, Object> b = (Map<String, Object>) f.get("rest");
    return "| " + client + " | " + users + " | " + f.get("ok_matched") + " / " + f.get("calls") + " | "
        + n(te, "p50") + " / " + n(te, "p95") + " / " + n(te, "p99") + " | " + n(ts, "p50") + " / " + n(ts, "p99") + " | "
        + n(rp, "p50") + " / " + n(rp, "p95") + " / " + n(rp, "p99") + " | " + n(sd, "p50") + " / " + n(sd, "p99") + " | "
        + n(fd, "p50") + " / " + n(fd, "p99") + " | " + part(a) + " | " + part(b) + " | " + f.get("cpu_us_per_token_event") + " |";
  }

  @SuppressWarnings("unchecked")
  private static String part(Map<String, Object> p) {
    Map<String, Double> te = (Map<String, Double>) p.get("ttft_error_ms");
    Map<String, Double> sd = (Map<String, Double>) p.get("send_delay_ms");
    return n(te, "p50") + ", " + n(sd, "p50") + " / " + n(sd, "max");
  }

  private static String n(Map<String, Double> m, String k) {
    Double v = m == null ? null : m.get(k);
    return v == null ? "—" : String.format(Locale.ROOT, "%.2f", v);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static String modelOf(SimulatorProcess server) throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + "/v1/models")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body()).path("data").path(0).path("id").asText();
  }

  /** Runs a client to completion, bounded by the spread, the calls' length and 5 minutes of start-up and slack. */
  private void exec(List<String> cmd, Path dir) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("console.log").toFile()).start();
    long limit = (long) (Double.parseDouble(s.get("bench.spreadSeconds")) + 600);
    if (!p.waitFor(limit, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException("killed after " + limit + " s; see " + dir.resolve("console.log"));
    }
  }

  private static double readDouble(Path f) {
    try {
      return Double.parseDouble(Files.readString(f).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "?";
    }
  }
}
