package io.llmload.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.llmload.simulations.SmokeSimulation;
import io.llmload.testing.CallsFile;
import io.llmload.testing.GatlingRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How many streams and token events per second the suite's client holds on this machine with its figures
 * still exact, and what each costs: N users each stream one call from the simulator in fixed-schedule mode
 * (its own JVM, so CPU and heap are charged to client and server apart), then the run's TTFT and ITL are
 * compared with the schedule and with what the server says it sent, and the client's CPU in the steady window
 * (≥ 95 % of streams open) is divided by the token events it received there. A short unmeasured run in the
 * same JVM goes first, so the measured one runs on JIT-compiled code. With bench.profile=true a JFR
 * profile says where the client's CPU went.
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.llmload.bench.LoadBenchmark \
 *     -Dbench.streams=2000 -Dbench.itlMs=20 -Dbench.tokens=1000
 * </pre>
 * Properties (defaults): bench.streams (2000), bench.itlMs (20), bench.ttftMs (200), bench.tokens (1000 output
 * tokens per call), bench.rampSeconds (5), bench.faults (none; e.g. "cut:0.025,midstream_error:0.025,..."),
 * bench.profile (true), bench.serverCpus (none; a taskset list such as "1" pins the server), bench.simHeap (2g),
 * bench.heapProbe (false; true: one full GC when 95 % of the streams are open, to weigh the heap per open
 * stream; that pause distorts the calls in flight, so use it in a run of its own), bench.out (target/bench), and
 * any llm.* property (passed to the run, e.g. llm.drainMillis).
 */
public final class LoadBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private LoadBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, Object> result = run(Settings.fromSystem());
    System.exit(Boolean.TRUE.equals(result.get("holds")) ? 0 : 1);
  }

  record Settings(int streams, double itlMs, double ttftMs, int tokens, double rampSeconds, String faults, boolean profile,
                  String serverCpus, String simHeap, boolean heapProbe, Path out, Map<String, String> llm) {
    static Settings fromSystem() {
      Map<String, String> llm = new HashMap<>();
      System.getProperties().forEach((k, v) -> {
        if (k.toString().startsWith("llm.")) {
          llm.put(k.toString(), v.toString());
        }
      });
      return new Settings(Integer.getInteger("bench.streams", 2000), dbl("bench.itlMs", 20), dbl("bench.ttftMs", 200),
          Integer.getInteger("bench.tokens", 1000), dbl("bench.rampSeconds", 5), System.getProperty("bench.faults"),
          Boolean.parseBoolean(System.getProperty("bench.profile", "true")), System.getProperty("bench.serverCpus"),
          System.getProperty("bench.simHeap", "2g"), Boolean.parseBoolean(System.getProperty("bench.heapProbe", "false")),
          Path.of(System.getProperty("bench.out", "target/bench")), llm);
    }

    private static double dbl(String key, double def) {
      return Double.parseDouble(System.getProperty(key, Double.toString(def)));
    }
  }

  static Map<String, Object> run(Settings s) throws Exception {
    Map<String, Object> breakdown = new LinkedHashMap<>();
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path dir = s.out().resolve("load-" + stamp + "-" + s.streams() + "x" + fmt(s.itlMs()) + "ms");
    Files.createDirectories(dir);
    Map<String, String> sim = new LinkedHashMap<>();
    sim.put("sim.mode", "fixed");
    sim.put("sim.ttftMs", fmt(s.ttftMs()));
    sim.put("sim.itlMs", fmt(s.itlMs()));
    sim.put("sim.seed", "7");
    if (s.faults() != null) {
      sim.put("sim.faults", s.faults());
      sim.put("sim.stallSeconds", "60");
    }
    double nominal = s.streams() * 1000.0 / s.itlMs();
    System.out.printf(Locale.ROOT, "load benchmark: %d streams x %d tokens, TTFT %s ms, ITL %s ms (nominal %.0f token events/s"
        + " with all streams open), arrivals over %s s%s%n", s.streams(), s.tokens(), fmt(s.ttftMs()), fmt(s.itlMs()), nominal,
        fmt(s.rampSeconds()), s.faults() == null ? "" : ", faults " + s.faults());
    try (SimulatorProcess server = SimulatorProcess.start(sim, s.simHeap(), s.serverCpus(), dir.resolve("simulator.log"))) {
      Map<String, String> props = new HashMap<>();
      props.put("llm.baseUrl", server.baseUrl());
      props.put("llm.users", Integer.toString(s.streams()));
      props.put("llm.rampSeconds", fmt(s.rampSeconds()));
      props.put("llm.agentMix", "0");
      props.put("llm.input.min", "100");
      props.put("llm.input.max", "200");
      props.put("llm.output.min", Integer.toString(s.tokens()));
      props.put("llm.output.max", Integer.toString(s.tokens()));
      props.put("llm.warmupCalls", "50");
      props.put("llm.warmupPerUser", "true");
      props.put("llm.explainRefusals", "false");
      props.put("llm.outputDir", dir.resolve("runs").toString());
      props.put("llm.label", "load-" + s.streams());
      if (s.faults() != null) {
        // every request the server sees is then a measured call, so its fault log and the CSV must agree exactly
        // the stall timeout must exceed any delay a saturated client adds, or saturation reads as stalls
        props.put("llm.timeoutSeconds", "30");
        props.put("llm.warmupPerUser", "false");
        props.put("llm.warmupCalls", "0");
      }
      props.putAll(s.llm());
      // a first, unmeasured run in this JVM, so the measured one runs on compiled code (JIT) and warm classes
      Map<String, String> warm = new HashMap<>(props);
      warm.put("llm.users", Integer.toString(Math.min(500, s.streams())));
      warm.put("llm.output.min", "300");
      warm.put("llm.output.max", "300");
      warm.put("llm.rampSeconds", "2");
      warm.put("llm.outputDir", dir.resolve("warmup-run").toString());
      GatlingRunner.run(SmokeSimulation.class, warm, dir.resolve("gatling-warmup"), false);
      server.stats(false, true); // the server's lateness and logs count from the measured run on
      CpuProfile profile = s.profile() ? CpuProfile.start(dir.resolve("client.jfr")) : null;
      int exit;
      long baseline = s.heapProbe() ? HeapProbe.liveBytes() : 0;
      long[] probe = new long[2]; // live bytes, open streams
      Thread prober = s.heapProbe() ? heapProber(server, s.streams(), probe) : null;
      String heapPerStream = null;
      double[] cpu0 = ProcCpu.selfBreakdown();
      try (ClientSampler sampler = new ClientSampler(server::cpuSeconds, 250)) {
        exit = GatlingRunner.run(SmokeSimulation.class, props, dir.resolve("gatling"), false);
        double[] cpu1 = ProcCpu.selfBreakdown();
        String[] names = {"user_s", "system_s", "gc_s", "jit_s"};
        for (int i = 0; i < names.length; i++) {
          breakdown.put(names[i], round(cpu1[i] - cpu0[i]));
        }
        if (prober != null) {
          prober.interrupt();
          prober.join(10_000);
          synchronized (probe) {
            if (probe[1] > 0) {
              heapPerStream = String.format(Locale.ROOT, "%.0f bytes per open stream (%d streams, live heap %d MB"
                  + " over a %d MB baseline)", (probe[0] - baseline) / (double) probe[1], probe[1], probe[0] >> 20, baseline >> 20);
            }
          }
        }
        sampler.close();
        if (profile != null) {
          profile.close();
        }
        Map<String, Object> r = analyze(s, dir, server, sampler, profile, exit, nominal, heapPerStream, breakdown);
        return r;
      }
    }
  }

  /** Waits (polling the server, bounded by the run) until 95 % of the streams are open, then weighs the live heap. */
  private static Thread heapProber(SimulatorProcess server, int streams, long[] probe) {
    Thread t = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          int running = server.stats(false, false).path("requests_running").asInt();
          if (running >= 0.95 * streams) {
            long live = HeapProbe.liveBytes();
            synchronized (probe) {
              probe[0] = live;
              probe[1] = running;
            }
            return;
          }
          Thread.sleep(100); // polling period of a condition, bounded by the run's end (interrupt)
        }
      } catch (InterruptedException e) {
        // the run ended first
      }
    }, "bench-heap-probe");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static Map<String, Object> analyze(Settings s, Path dir, SimulatorProcess server, ClientSampler sampler,
                                             CpuProfile profile, int exit, double nominal, String heapPerStream,
                                             Map<String, Object> breakdown) throws Exception {
    Path run = CallsFile.onlyRunDir(dir.resolve("runs"));
    List<Map<String, String>> calls = CallsFile.read(run.resolve("llm-calls.csv"));
    Map<String, int[]> gaps = new HashMap<>();
    CallsFile.itl(run).forEach((id, g) -> gaps.put(Long.toString(id), Arrays.stream(g).mapToInt(v -> (int) v).toArray()));
    JsonNode stats = server.stats(true, false);
    JsonNode summary = JSON.readTree(run.resolve("llm-summary.json").toFile());
    ScheduleAccuracy acc = new ScheduleAccuracy(calls, gaps, stats, s.ttftMs(), s.itlMs());
    long[] window = acc.steadyWindow();
    double windowS = (window[1] - window[0]) / 1000.0;
    long windowEvents = acc.eventsBetween(window[0], window[1]);
    double clientCpu = sampler.clientCpu(window[0], window[1]);
    double serverCpu = sampler.serverCpu(window[0], window[1]);
    long firstStart = calls.stream().mapToLong(c -> Long.parseLong(c.get("start_ms"))).min().orElse(0);
    long lastEnd = calls.stream().mapToLong(c -> Long.parseLong(c.get("start_ms"))
        + (c.get("e2e_ms") == null || c.get("e2e_ms").isEmpty() ? 0 : Long.parseLong(c.get("e2e_ms")))).max().orElse(0);
    double perEventUs = windowEvents == 0 ? Double.NaN : clientCpu / windowEvents * 1e6;
    double jitInWindow = sampler.jit(window[0], window[1]);
    double loadCpu = sampler.clientCpu(firstStart, lastEnd);
    double perCallUs = (loadCpu - perEventUs / 1e6 * acc.allEvents()) / calls.size() * 1e6;

    Map<String, Object> r = new LinkedHashMap<>();
    r.put("date", LocalDateTime.now().toString());
    r.put("machine", Machine.describe());
    r.put("streams", s.streams());
    r.put("tokens_per_call", s.tokens());
    r.put("schedule", Map.of("ttft_ms", s.ttftMs(), "itl_ms", s.itlMs()));
    r.put("faults", s.faults());
    r.put("llm_overrides", s.llm());
    r.put("gatling_exit", exit);
    r.put("calls", calls.size());
    r.put("ok", calls.stream().filter(c -> "true".equals(c.get("ok"))).count());
    r.put("clean_calls", acc.cleanCalls().size());
    r.put("peak_streams_open", CallsFile.maxConcurrency(calls));
    r.put("nominal_events_per_s", Math.round(nominal));
    r.put("steady_window_s", round(windowS));
    r.put("steady_events_per_s", windowS <= 0 ? null : Math.round(windowEvents / windowS));
    r.put("ttft_ms_p50_p99_max", round(acc.ttft()));
    r.put("ttft_client_minus_server_ms_p50_p99_max", round(acc.ttftMinusServer()));
    r.put("itl_ms_p50_p99_max", round(acc.itl()));
    r.put("lost_events", acc.lostEvents());
    r.put("server_send_lateness_us", stats.path("send_lateness_us"));
    r.put("holds", acc.holds());
    r.put("fault_problems", acc.faultProblems());
    r.put("injected_faults", stats.path("faults").size());
    r.put("client_cpu_cores_in_window", windowS <= 0 ? null : round(clientCpu / windowS));
    r.put("server_cpu_cores_in_window", windowS <= 0 ? null : round(serverCpu / windowS));
    r.put("client_cpu_us_per_token_event", round(perEventUs));
    r.put("client_jit_s_in_window", round(jitInWindow));
    r.put("client_cpu_us_per_token_event_without_jit", windowEvents == 0 ? null : round((clientCpu - jitInWindow) / windowEvents * 1e6));
    r.put("client_cpu_us_per_call_besides_events", round(perCallUs));
    r.put("client_cpu_whole_measured_run", breakdown);
    r.put("client_peak_heap_used_mb", sampler.peakHeapUsed() >> 20);
    r.put("client_max_heap_after_gc_mb", sampler.maxHeapAfterGc() >> 20);
    r.put("client_max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    r.put("client_heap_per_open_stream", heapPerStream == null ? "not probed (bench.heapProbe=true)" : heapPerStream);
    r.put("client_health", summary.path("client_health"));
    if (profile != null) {
      // the whole load phase (ramp, steady, wind-down): per-call costs show up too
      Map<String, Long> byConcern = profile.samplesByConcern(firstStart, lastEnd);
      long total = byConcern.values().stream().mapToLong(Long::longValue).sum();
      Map<String, Object> shares = new LinkedHashMap<>();
      byConcern.forEach((k, v) -> shares.put(k, round(100.0 * v / total) + " %"));
      r.put("client_profile_samples", total);
      r.put("client_profile_load_phase", shares);
      r.put("client_top_methods", profile.topMethods(firstStart, lastEnd, 30));
    }
    Files.writeString(dir.resolve("result.json"), JSON.writeValueAsString(r));
    System.out.println(JSON.writeValueAsString(r));
    System.out.println("files: " + dir.toAbsolutePath());
    return r;
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  static double[] round(double[] v) {
    return Arrays.stream(v).map(LoadBenchmark::round).toArray();
  }

  static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
