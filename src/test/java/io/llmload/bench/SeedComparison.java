package io.llmload.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmload.testing.CallsFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The seed script (Python, httpx) and this suite, one after the other, against the same fixed-schedule
 * simulator (one process for the whole benchmark, its own JVM) with the same workload: heavy calls only,
 * arrivals spread over a few seconds, output length forced. For each tool and each level of a ladder of user
 * counts it prints the tool's TTFT and TPOT errors against the schedule, its calls ok/failed, the CPU its own
 * process used over the run, the simulator's send lateness (so a late server is not blamed on a client) and
 * the load average, and writes target/bench/seed-comparison.{md,json}.
 *
 * <pre>./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.llmload.bench.SeedComparison [-Dbench.levels=200]</pre>
 *
 * A tool climbs the ladder until it fails a level (see {@link ToolErrors.Criterion}); 200 users is always run.
 */
public final class SeedComparison {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ALWAYS = 200;

  private final Map<String, String> settings;
  private final Path out;
  private final double ttftMs;
  private final double itlMs;
  private final ToolErrors.Criterion criterion;

  private SeedComparison(Map<String, String> settings) {
    this.settings = settings;
    this.out = Path.of(settings.get("bench.out")).toAbsolutePath();
    this.ttftMs = Double.parseDouble(settings.get("bench.ttftMs"));
    this.itlMs = Double.parseDouble(settings.get("bench.itlMs"));
    this.criterion = new ToolErrors.Criterion(Double.parseDouble(settings.get("bench.criterion.ttftP50Ms")),
        Double.parseDouble(settings.get("bench.criterion.ttftP99Ms")), Double.parseDouble(settings.get("bench.criterion.tpotAbsP99Ms")));
  }

  /** Every bench.* setting with its default; -D overrides. */
  static Map<String, String> settings() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("bench.seedFile", "../shared/seed/llm_loadtest_seed.md");
    d.put("bench.levels", "50,100,200,500,1000,2000");
    d.put("bench.tools", "seed,suite");
    d.put("bench.python", "/usr/bin/python3");
    d.put("bench.model", "Qwen/Qwen3-Next-80B-A3B-Instruct");
    d.put("bench.ttftMs", "150");
    d.put("bench.itlMs", "10");
    d.put("bench.input.min", "7000");
    d.put("bench.input.max", "10000");
    d.put("bench.output.min", "1000");
    d.put("bench.output.max", "1200");
    d.put("bench.spreadSeconds", "5");
    d.put("bench.suiteWarmupCalls", "3");
    d.put("bench.suiteHeap", "2g");
    d.put("bench.simHeap", "2g");
    d.put("bench.callTimeoutSeconds", "120");
    d.put("bench.criterion.ttftP50Ms", "2");
    d.put("bench.criterion.ttftP99Ms", "5");
    d.put("bench.criterion.tpotAbsP99Ms", "0.5");
    d.put("bench.out", "target/bench");
    d.replaceAll((k, v) -> System.getProperty(k, v));
    return d;
  }

  public static void main(String[] args) throws Exception {
    SeedComparison bench = new SeedComparison(settings());
    int code = bench.run();
    System.exit(code);
  }

  /** Levels to try, ascending, always with 200. */
  static List<Integer> levels(String spec) {
    TreeSet<Integer> levels = new TreeSet<>();
    for (String s : spec.split(",")) {
      if (!s.isBlank()) {
        levels.add(Integer.parseInt(s.strip()));
      }
    }
    levels.add(ALWAYS);
    return new ArrayList<>(levels);
  }

  private int run() throws Exception {
    Files.createDirectories(out);
    List<String> tools = Arrays.stream(settings.get("bench.tools").split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    Map<String, Object> machine = machine(tools.contains("seed"));
    Path seedDir = out.resolve("seed");
    Path script = null;
    if (tools.contains("seed")) {
      script = SeedScript.write(Path.of(settings.get("bench.seedFile")), seedDir.resolve("llm_loadtest.py"));
      Files.writeString(seedDir.resolve("run_seed.py"), SeedScript.runner(), StandardCharsets.UTF_8);
    }
    Map<String, String> sim = new LinkedHashMap<>();
    sim.put("sim.mode", "fixed");
    sim.put("sim.ttftMs", settings.get("bench.ttftMs"));
    sim.put("sim.itlMs", settings.get("bench.itlMs"));
    sim.put("sim.model", settings.get("bench.model"));
    // the seed sends no ignore_eos: a "natural length" this long never ends a call before max_tokens, so both
    // tools get exactly the output length they asked for
    sim.put("sim.meanOutputTokens", "1000000000");
    List<Map<String, Object>> runs = new ArrayList<>();
    Map<String, Boolean> climbing = new LinkedHashMap<>();
    tools.forEach(t -> climbing.put(t, true));
    System.out.printf("seed comparison: levels %s, tools %s, schedule TTFT %s ms ITL %s ms; output in %s%n",
        levels(settings.get("bench.levels")), tools, settings.get("bench.ttftMs"), settings.get("bench.itlMs"), out);
    try (SimulatorProcess server = SimulatorProcess.start(sim, settings.get("bench.simHeap"), null, out.resolve("simulator.log"))) {
      for (int users : levels(settings.get("bench.levels"))) {
        for (String tool : tools) {
          if (!climbing.get(tool) && users != ALWAYS) {
            continue;
          }
          Map<String, Object> r = runOne(server, tool, users, script);
          runs.add(r);
          System.out.println(line(r));
          if (!(Boolean) r.get("holds")) {
            climbing.put(tool, false);
          }
          writeOutputs(machine, runs);
        }
      }
    }
    writeOutputs(machine, runs);
    System.out.println();
    System.out.println(Files.readString(out.resolve("seed-comparison.md")));
    return 0;
  }

  private Map<String, Object> runOne(SimulatorProcess server, String tool, int users, Path script) throws Exception {
    Path dir = out.resolve("runs").resolve(tool + "-" + users);
    deleteTree(dir);
    Files.createDirectories(dir);
    server.stats(false, true); // clears the send-lateness histogram and the request log
    double simCpu0 = server.cpuSeconds();
    double[] load0 = loadAverage();
    long t0 = System.nanoTime();
    Path cpuFile = dir.resolve("cpu-seconds.txt");
    int exit;
    List<ToolErrors.Call> calls;
    ToolErrors.Formula formula;
    if (tool.equals("seed")) {
      exit = runSeed(server.baseUrl(), users, script, dir, cpuFile);
      Path csv = dir.resolve("llm_load_results.csv");
      calls = Files.exists(csv) ? ToolErrors.readSeed(csv) : List.of();
      formula = ToolErrors.Formula.TOKENS;
    } else if (tool.equals("suite")) {
      exit = runSuite(server.baseUrl(), users, dir, cpuFile);
      Path runs = dir.resolve("runs");
      calls = Files.isDirectory(runs) ? ToolErrors.readSuite(CallsFile.onlyRunDir(runs).resolve("llm-calls.csv")) : List.of();
      formula = ToolErrors.Formula.GAPS;
    } else {
      throw new IllegalArgumentException("bench.tools: unknown tool '" + tool + "'; use seed,suite");
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double[] load1 = loadAverage();
    double simCpu = server.cpuSeconds() - simCpu0;
    JsonNode after = server.stats(true, true);
    JsonNode requests = after.get("requests");
    long simTokens = 0;
    int simRequests = 0;
    int forcedLength = 0;
    List<Double> serverTtft = new ArrayList<>();
    for (JsonNode q : requests) {
      simRequests++;
      simTokens += q.get("tokens").asLong();
      if ("length".equals(q.path("finish").asText())) {
        forcedLength++;
      }
      if (q.hasNonNull("ttft_ms")) {
        serverTtft.add(q.get("ttft_ms").asDouble());
      }
    }
    double cpu = readCpu(cpuFile);
    ToolErrors.Result result = ToolErrors.compute(calls, formula, ttftMs, itlMs);
    if (result.calls() < users) {
      result = new ToolErrors.Result(users, result.ok(), users - result.ok(), result.tokens(), result.ttftP50(), result.ttftP95(),
          result.ttftP99(), result.tpotP50(), result.tpotP99(), result.tpotAbsP99(), result.sampleErrors());
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("tool", tool);
    r.put("users", users);
    r.put("exit_code", exit);
    r.put("tpot_formula", formula == ToolErrors.Formula.GAPS ? "(e2e-ttft)/(n-1), truth = ITL" : "(e2e-ttft)/n, truth = (n-1)*ITL/n");
    r.putAll(result.toMap());
    r.put("holds", result.holds(criterion));
    // a run where the server itself sent late says nothing about the client: flag it rather than blame the tool
    r.put("server_on_time", after.get("send_lateness_us").get("p99").asDouble() / 1000 <= criterion.ttftP99Ms());
    r.put("cpu_seconds", cpu);
    r.put("cpu_seconds_per_1000_tokens", simTokens == 0 ? Double.NaN : cpu * 1000 / simTokens);
    r.put("wall_seconds", wall);
    r.put("sim_requests", simRequests);
    r.put("sim_requests_length", forcedLength);
    r.put("sim_tokens_sent", simTokens);
    r.put("sim_cpu_seconds", simCpu);
    r.put("sim_ttft_ms_p99", ToolErrors.pct(serverTtft, 99));
    r.put("sim_send_lateness_ms_p99", after.get("send_lateness_us").get("p99").asDouble() / 1000);
    r.put("sim_send_lateness_ms_max", after.get("send_lateness_us").get("max").asDouble() / 1000);
    r.put("load_average_before", load0[0]);
    r.put("load_average_after", load1[0]);
    r.put("client_health_warnings", tool.equals("suite") ? suiteWarnings(dir.resolve("runs")) : List.of());
    r.put("dir", out.relativize(dir).toString());
    return r;
  }

  /** The suite's own client-health warnings of a run (the seed has no such check). */
  private static List<String> suiteWarnings(Path runs) {
    try {
      JsonNode w = JSON.readTree(CallsFile.onlyRunDir(runs).resolve("llm-summary.json").toFile()).path("client_health").path("warnings");
      List<String> list = new ArrayList<>();
      w.forEach(n -> list.add(n.asText()));
      return list;
    } catch (IOException | RuntimeException e) {
      return List.of("(no llm-summary.json: " + e.getMessage() + ")");
    }
  }

  private int runSeed(String baseUrl, int users, Path script, Path dir, Path cpuFile) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(settings.get("bench.python"), out.resolve("seed/run_seed.py").toString(), cpuFile.toString(),
        script.toAbsolutePath().toString(),
        "--base-url", baseUrl, "--model", settings.get("bench.model"), "--api-key", "EMPTY",
        "--users", Integer.toString(users), "--max-concurrency", Integer.toString(users), "--mix", "agent_heavy=0",
        "--arrival-spread-s", settings.get("bench.spreadSeconds"),
        "--min-in", settings.get("bench.input.min"), "--max-in", settings.get("bench.input.max"),
        "--min-out", settings.get("bench.output.min"), "--max-out", settings.get("bench.output.max"),
        "--timeout-s", settings.get("bench.callTimeoutSeconds")));
    return runProcess(cmd, dir, dir.resolve("seed.log"));
  }

  private int runSuite(String baseUrl, int users, Path dir, Path cpuFile) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Classpath.java(), "-Xmx" + settings.get("bench.suiteHeap"),
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "-cp", Classpath.current()));
    Map<String, String> p = new LinkedHashMap<>();
    p.put("llm.baseUrl", baseUrl);
    p.put("llm.model", settings.get("bench.model"));
    p.put("llm.users", Integer.toString(users));
    p.put("llm.rampSeconds", settings.get("bench.spreadSeconds"));
    p.put("llm.agentMix", "0");
    p.put("llm.input.min", settings.get("bench.input.min"));
    p.put("llm.input.max", settings.get("bench.input.max"));
    p.put("llm.output.min", settings.get("bench.output.min"));
    p.put("llm.output.max", settings.get("bench.output.max"));
    p.put("llm.warmupCalls", settings.get("bench.suiteWarmupCalls"));
    p.put("llm.warmConnections", "false"); // as in the seed, each call opens its own connection
    p.put("llm.timeoutSeconds", settings.get("bench.callTimeoutSeconds"));
    p.put("llm.metricsUrl", "off");
    p.put("llm.outputDir", dir.resolve("runs").toString());
    p.put("llm.label", "seed-comparison-" + users);
    p.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add(SuiteRunMain.class.getName());
    cmd.add(dir.resolve("gatling").toString());
    cmd.add(cpuFile.toString());
    return runProcess(cmd, dir, dir.resolve("suite.log"));
  }

  /** Runs a tool to completion (bounded: spread + call timeout + 5 minutes of start-up and slack). */
  private int runProcess(List<String> cmd, Path dir, Path log) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    long limit = (long) (Double.parseDouble(settings.get("bench.spreadSeconds")) + Double.parseDouble(settings.get("bench.callTimeoutSeconds")) + 300);
    if (!p.waitFor(limit, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      System.out.println("  (killed after " + limit + " s; see " + log + ")");
      return -1;
    }
    return p.exitValue();
  }

  private static double readCpu(Path f) {
    try {
      return Double.parseDouble(Files.readString(f).strip());
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private static double[] loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
    } catch (IOException | RuntimeException e) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
  }

  private Map<String, Object> machine(boolean checkPython) throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("date", ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME));
    m.put("cores", Runtime.getRuntime().availableProcessors());
    String model = "?";
    try {
      model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("?");
    } catch (IOException ignored) {
      // not Linux
    }
    m.put("cpu", model);
    m.put("jdk", System.getProperty("java.vm.name") + " " + Runtime.version());
    if (checkPython) {
      String python = settings.get("bench.python");
      Process p = new ProcessBuilder(python, "-c", "import sys, httpx; print(sys.version.split()[0], httpx.__version__)")
          .redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("the seed script needs httpx for " + python + ", which cannot import it (" + text
            + "); install it with: apt-get install -y python3-httpx");
      }
      String[] v = text.split(" ");
      m.put("python", python + " " + v[0]);
      m.put("httpx", v[1]);
    }
    m.put("settings", settings);
    m.put("criterion", "every call ok, |TTFT error| p50 <= " + criterion.ttftP50Ms() + " ms and p99 <= " + criterion.ttftP99Ms()
        + " ms, |TPOT error| p99 <= " + criterion.tpotAbsP99Ms() + " ms");
    return m;
  }

  private void writeOutputs(Map<String, Object> machine, List<Map<String, Object>> runs) throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>(machine);
    doc.put("runs", runs);
    doc.put("at_200", summaryAt(runs, ALWAYS));
    doc.put("highest_held", highestHeld(runs));
    JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve("seed-comparison.json").toFile(), doc);
    Files.writeString(out.resolve("seed-comparison.md"), markdown(machine, runs), StandardCharsets.UTF_8);
  }

  private static Map<String, Object> summaryAt(List<Map<String, Object>> runs, int users) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Map<String, Object> r : runs) {
      if ((int) r.get("users") == users) {
        m.put((String) r.get("tool"), r);
      }
    }
    return m;
  }

  /** Per tool: the highest level it held (0 when none). */
  static Map<String, Integer> highestHeld(List<Map<String, Object>> runs) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (Map<String, Object> r : runs) {
      String tool = (String) r.get("tool");
      m.putIfAbsent(tool, 0);
      if ((Boolean) r.get("holds")) {
        m.put(tool, Math.max(m.get(tool), (int) r.get("users")));
      }
    }
    return m;
  }

  static String markdown(Map<String, Object> machine, List<Map<String, Object>> runs) {
    StringBuilder sb = new StringBuilder();
    sb.append("Seed script vs this suite, fixed schedule TTFT ").append(((Map<?, ?>) machine.get("settings")).get("bench.ttftMs"))
        .append(" ms, ITL ").append(((Map<?, ?>) machine.get("settings")).get("bench.itlMs")).append(" ms. ")
        .append(machine.get("date")).append("; ").append(machine.get("cores")).append(" cores, ").append(machine.get("cpu"))
        .append("; ").append(machine.get("jdk"));
    if (machine.containsKey("python")) {
      sb.append("; Python ").append(machine.get("python")).append(", httpx ").append(machine.get("httpx"));
    }
    sb.append(".\nHolds = ").append(machine.get("criterion")).append("; \"server late\" = the simulator's own send lateness p99"
        + " exceeded the TTFT p99 bound, so that run cannot be charged to the client.\n\n");
    sb.append("| tool | users | ok / failed | TTFT error p50 / p95 / p99 ms | TPOT error p50 / p99 ms | CPU s | CPU s / 1000 tokens |"
        + " sim send lateness p99 ms | sim's own TTFT p99 ms | load avg before → after | holds |\n");
    sb.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Map<String, Object> r : runs) {
      sb.append(String.format(Locale.ROOT, "| %s | %d | %d / %d | %s / %s / %s | %s / %s | %.1f | %.3f | %.2f | %s | %.2f → %.2f | %s |%n",
          r.get("tool"), (int) r.get("users"), (int) r.get("ok"), (int) r.get("failed"),
          f(r.get("ttft_error_ms_p50")), f(r.get("ttft_error_ms_p95")), f(r.get("ttft_error_ms_p99")),
          f3(r.get("tpot_error_ms_p50")), f3(r.get("tpot_error_ms_p99")), (double) r.get("cpu_seconds"),
          (double) r.get("cpu_seconds_per_1000_tokens"), (double) r.get("sim_send_lateness_ms_p99"), f(r.get("sim_ttft_ms_p99")),
          (double) r.get("load_average_before"), (double) r.get("load_average_after"),
          ((Boolean) r.get("holds") ? "yes" : "no") + ((Boolean) r.get("server_on_time") ? "" : " (server late)")));
    }
    sb.append("\nHighest level held: ").append(highestHeld(runs)).append("\n");
    for (Map<String, Object> r : runs) {
      List<?> w = (List<?>) r.getOrDefault("client_health_warnings", List.of());
      if (!w.isEmpty()) {
        sb.append("\n- ").append(r.get("tool")).append(" at ").append(r.get("users")).append(" users warned: ").append(w.get(0));
      }
    }
    sb.append("\n");
    return sb.toString();
  }

  private static String f(Object v) {
    double d = (double) v;
    return Double.isNaN(d) ? "–" : String.format(Locale.ROOT, "%.1f", d);
  }

  private static String f3(Object v) {
    double d = (double) v;
    return Double.isNaN(d) ? "–" : String.format(Locale.ROOT, "%.3f", d);
  }

  private static String line(Map<String, Object> r) {
    return String.format(Locale.ROOT, "%-5s %5d users: ok %d failed %d, TTFT err p50/p95/p99 %s/%s/%s ms, TPOT err p50/p99 %s/%s ms,"
            + " CPU %.1f s (%.3f s per 1000 tokens), sim lateness p99 %.2f ms, load %.2f→%.2f, %s%s",
        r.get("tool"), (int) r.get("users"), (int) r.get("ok"), (int) r.get("failed"), f(r.get("ttft_error_ms_p50")),
        f(r.get("ttft_error_ms_p95")), f(r.get("ttft_error_ms_p99")), f3(r.get("tpot_error_ms_p50")), f3(r.get("tpot_error_ms_p99")),
        (double) r.get("cpu_seconds"), (double) r.get("cpu_seconds_per_1000_tokens"), (double) r.get("sim_send_lateness_ms_p99"),
        (double) r.get("load_average_before"), (double) r.get("load_average_after"), (Boolean) r.get("holds") ? "holds" : "does not hold",
        ((List<?>) r.get("sample_errors")).isEmpty() ? "" : " " + r.get("sample_errors"));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
