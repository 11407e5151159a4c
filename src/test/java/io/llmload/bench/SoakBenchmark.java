package io.llmload.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.llmload.simulations.MixedWorkloadSimulation;
import io.llmload.testing.GatlingRunner;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Does the client's memory stay flat at steady load? The seed's mixed workload (heavy calls and agent flows)
 * with a closed population held for bench.soakSeconds against the fixed-schedule simulator in its own JVM.
 * Every bench.sampleSeconds the client's live heap (after a full GC) and RSS are logged with the number of
 * calls finished so far; at the end a least-squares line over the samples after the first quarter of the hold
 * gives the growth per hour and per finished call.
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.llmload.bench.SoakBenchmark \
 *     -Dbench.soakSeconds=3600 -Dbench.users=200 -Dbench.itlMs=40
 * </pre>
 * Properties (defaults): bench.soakSeconds (600), bench.users (200), bench.itlMs (40), bench.ttftMs (200),
 * bench.sampleSeconds (30), bench.out (target/bench); any llm.* property is passed on (e.g. llm.output.min/max).
 */
public final class SoakBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  record Sample(double seconds, long calls, long liveBytes, long rssBytes) {
  }

  private SoakBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> llm = new HashMap<>();
    System.getProperties().forEach((k, v) -> {
      if (k.toString().startsWith("llm.")) {
        llm.put(k.toString(), v.toString());
      }
    });
    Map<String, Object> r = run(Integer.getInteger("bench.soakSeconds", 600), Integer.getInteger("bench.users", 200),
        Double.parseDouble(System.getProperty("bench.itlMs", "40")), Double.parseDouble(System.getProperty("bench.ttftMs", "200")),
        Integer.getInteger("bench.sampleSeconds", 30), Path.of(System.getProperty("bench.out", "target/bench")), llm);
    System.exit(r.get("gatling_exit").equals(0) ? 0 : 1);
  }

  static Map<String, Object> run(int soakSeconds, int users, double itlMs, double ttftMs, int sampleSeconds, Path out,
                                 Map<String, String> llm) throws Exception {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path dir = out.resolve("soak-" + stamp + "-" + soakSeconds + "s");
    Files.createDirectories(dir);
    Map<String, String> sim = Map.of("sim.mode", "fixed", "sim.ttftMs", LoadBenchmark.fmt(ttftMs),
        "sim.itlMs", LoadBenchmark.fmt(itlMs));
    System.out.printf(Locale.ROOT, "soak: %d users held for %d s, seed mix, fixed schedule TTFT %s ms ITL %s ms%n", users,
        soakSeconds, LoadBenchmark.fmt(ttftMs), LoadBenchmark.fmt(itlMs));
    try (SimulatorProcess server = SimulatorProcess.start(sim, "2g", null, dir.resolve("simulator.log"))) {
      Map<String, String> props = new HashMap<>();
      props.put("llm.baseUrl", server.baseUrl());
      props.put("llm.users", Integer.toString(users));
      props.put("llm.injection", "closed");
      props.put("llm.rampSeconds", "20");
      props.put("llm.holdSeconds", Integer.toString(soakSeconds));
      props.put("llm.outputDir", dir.resolve("runs").toString());
      props.put("llm.label", "soak-" + users + "u");
      props.putAll(llm);
      long baseline = HeapProbe.liveBytes();
      List<Sample> samples = new ArrayList<>();
      long t0 = System.nanoTime();
      Thread sampler = new Thread(() -> {
        try (BufferedWriter log = Files.newBufferedWriter(dir.resolve("soak-heap.csv"), StandardCharsets.UTF_8)) {
          log.write("seconds,calls_finished,live_heap_mb,rss_mb\n");
          while (!Thread.currentThread().isInterrupted()) {
            Thread.sleep(sampleSeconds * 1000L); // the sampling period, not synchronization
            Sample s = new Sample((System.nanoTime() - t0) / 1e9, callsFinished(dir.resolve("runs")), HeapProbe.liveBytes(),
                HeapProbe.rssBytes());
            synchronized (samples) {
              samples.add(s);
            }
            log.write(String.format(Locale.ROOT, "%.0f,%d,%.1f,%.1f%n", s.seconds(), s.calls(), s.liveBytes() / 1048576.0,
                s.rssBytes() / 1048576.0));
            log.flush();
          }
        } catch (InterruptedException e) {
          // the run is over
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }, "bench-soak-sampler");
      sampler.setDaemon(true);
      sampler.start();
      int exit = GatlingRunner.run(MixedWorkloadSimulation.class, props, dir.resolve("gatling"), false);
      sampler.interrupt();
      sampler.join(60_000);
      List<Sample> all;
      synchronized (samples) {
        all = List.copyOf(samples);
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("date", LocalDateTime.now().toString());
      r.put("machine", Machine.describe());
      r.put("users", users);
      r.put("hold_s", soakSeconds);
      r.put("schedule", Map.of("ttft_ms", ttftMs, "itl_ms", itlMs));
      r.put("gatling_exit", exit);
      r.put("client_max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
      r.put("baseline_live_heap_mb", baseline >> 20);
      r.putAll(fit(all, soakSeconds));
      Files.writeString(dir.resolve("result.json"), JSON.writeValueAsString(r));
      System.out.println(JSON.writeValueAsString(r));
      System.out.println("files: " + dir.toAbsolutePath());
      return r;
    }
  }

  /** Growth of live heap and RSS over the samples taken after the first quarter of the hold (ramp and warm-up). */
  static Map<String, Object> fit(List<Sample> all, int soakSeconds) {
    List<Sample> steady = all.stream().filter(s -> s.seconds() >= soakSeconds / 4.0 && s.seconds() <= soakSeconds).toList();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("samples", all.size());
    r.put("steady_samples", steady.size());
    if (steady.size() < 3) {
      return r;
    }
    double heapPerSecond = slope(steady, Sample::seconds, s -> s.liveBytes());
    double rssPerSecond = slope(steady, Sample::seconds, s -> s.rssBytes());
    double heapPerCall = slope(steady, s -> s.calls(), s -> s.liveBytes());
    Sample first = steady.get(0);
    Sample last = steady.get(steady.size() - 1);
    r.put("calls_finished", last.calls());
    r.put("live_heap_mb_first_last", List.of(first.liveBytes() >> 20, last.liveBytes() >> 20));
    r.put("live_heap_mb_max", steady.stream().mapToLong(Sample::liveBytes).max().orElse(0) >> 20);
    r.put("rss_mb_first_last", List.of(first.rssBytes() >> 20, last.rssBytes() >> 20));
    r.put("live_heap_growth_mb_per_hour", LoadBenchmark.round(heapPerSecond * 3600 / 1048576));
    r.put("rss_growth_mb_per_hour", LoadBenchmark.round(rssPerSecond * 3600 / 1048576));
    r.put("live_heap_bytes_per_finished_call", Math.round(heapPerCall));
    return r;
  }

  static double slope(List<Sample> s, java.util.function.ToDoubleFunction<Sample> x, java.util.function.ToDoubleFunction<Sample> y) {
    double mx = s.stream().mapToDouble(x).average().orElse(0);
    double my = s.stream().mapToDouble(y).average().orElse(0);
    double num = 0;
    double den = 0;
    for (Sample p : s) {
      num += (x.applyAsDouble(p) - mx) * (y.applyAsDouble(p) - my);
      den += (x.applyAsDouble(p) - mx) * (x.applyAsDouble(p) - mx);
    }
    return den == 0 ? 0 : num / den;
  }

  /** Rows of llm-calls.csv written so far (the recorder appends one line per finished call). */
  static long callsFinished(Path runs) {
    try (Stream<Path> dirs = Files.exists(runs) ? Files.list(runs) : Stream.empty()) {
      Path csv = dirs.map(d -> d.resolve("llm-calls.csv")).filter(Files::exists).findFirst().orElse(null);
      if (csv == null) {
        return 0;
      }
      try (Stream<String> lines = Files.lines(csv)) {
        return Math.max(0, lines.count() - 1);
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      return -1;
    }
  }
}
