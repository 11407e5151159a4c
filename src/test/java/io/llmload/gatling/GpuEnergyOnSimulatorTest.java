package io.llmload.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmload.csv.CsvTable;
import io.llmload.run.GpuRow;
import io.llmload.run.RunFiles;
import io.llmload.run.RunFolder;
import io.llmload.sim.GpuPower;
import io.llmload.sim.RequestRecord;
import io.llmload.sim.SimConfig;
import io.llmload.sim.SimMode;
import io.llmload.sim.VllmSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole GPU path against the simulator's dcgm-like endpoint, whose power follows its batch by a known
 * model: the figures the suite derives from its scrapes are compared with the joules the simulator's own power
 * log gives over the same window (from the first to the last /dcgm/metrics it served for the window), divided by
 * the output tokens the simulator logged.
 */
@Timeout(120)
class GpuEnergyOnSimulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double IDLE_W = 80;
  private static final double PER_SEQ_W = 15;
  private static final double MAX_W = 200;
  private static final int GPUS = 2;

  @TempDir
  Path dir;
  private VllmSimulator sim;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  private VllmSimulator start(boolean energyCounter) {
    sim = VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).ttftMs(20).itlMs(4).gpus(GPUS).gpuIdleW(IDLE_W)
        .gpuWattsPerSeq(PER_SEQ_W).gpuMaxW(MAX_W).gpuEnergyCounter(energyCounter).build());
    return sim;
  }

  /** What the run measured: the "gpu" summary and the client's token count. */
  private record Measured(Map<String, Object> gpu, long clientTokens, long ok) {
  }

  /**
   * A GPU monitor scraping every 50 ms over a load of two waves (16 streams of 50 tokens: 80 + 16 × 15 W capped
   * at 200 W from the 8th stream on; then 4 streams of 100 tokens: 140 W), stopped once every stream has ended.
   */
  private Measured run() throws Exception {
    GpuMonitor monitor = GpuMonitor.create(sim.dcgmMetricsUrl(), null, null, Duration.ofMillis(50), Duration.ofMinutes(2),
        System::currentTimeMillis).in(dir);
    GpuPower power = sim.gpuPower();
    assertThat(power.scrapeNanos()).hasSize(1); // the check before the load
    monitor.start();
    assertThat(until(() -> power.scrapeNanos().size() >= 2, 10_000)).as("first window scrape").isTrue();
    long[] tokens = new long[2];
    for (int[] wave : new int[][] {{16, 50}, {4, 100}}) {
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < wave[0]; i++) {
        calls.add(http.sendAsync(request(wave[1]), HttpResponse.BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> c : calls) {
        HttpResponse<String> r = c.get(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        tokens[0] += usageCompletionTokens(r.body());
        tokens[1]++;
      }
    }
    assertThat(until(() -> sim.activeRequests() == 0, 10_000)).isTrue();
    monitor.stop();
    return new Measured(monitor.summary(tokens[0], tokens[1]), tokens[0], tokens[1]);
  }

  private HttpRequest request(int maxTokens) {
    String body = "{\"model\":\"" + sim.config().model() + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
        + "\"max_tokens\":" + maxTokens + ",\"ignore_eos\":true,\"stream\":true,"
        + "\"stream_options\":{\"include_usage\":true}}";
    return HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/chat/completions")).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private static long usageCompletionTokens(String sse) throws Exception {
    long tokens = -1;
    for (String line : sse.split("\n")) {
      if (line.startsWith("data: {")) {
        JsonNode usage = JSON.readTree(line.substring(6)).path("usage");
        if (usage.has("completion_tokens")) {
          tokens = usage.get("completion_tokens").asLong();
        }
      }
    }
    assertThat(tokens).as("usage chunk").isPositive();
    return tokens;
  }

  /** ∫ of one GPU's power over [from, to] (nanoTime) from the simulator's power log: the known joules. */
  private static double logJoules(List<GpuPower.Step> log, long from, long to) {
    double j = 0;
    for (int i = 0; i < log.size(); i++) {
      long a = Math.max(from, log.get(i).nanos());
      long b = Math.min(to, i + 1 < log.size() ? log.get(i + 1).nanos() : Long.MAX_VALUE);
      if (b > a) {
        j += log.get(i).watts() * (b - a) / 1e9;
      }
    }
    return j;
  }

  /** One GPU's power at {@code t} (nanoTime) by the log: the last change at or before it. */
  private static double wattsAt(List<GpuPower.Step> log, long t) {
    double w = log.get(0).watts();
    for (GpuPower.Step s : log) {
      if (s.nanos() <= t) {
        w = s.watts();
      }
    }
    return w;
  }

  /** The most one GPU's power changed inside [from, to] (the trapezoid's worst case there). */
  private static double swing(List<GpuPower.Step> log, long from, long to) {
    double lo = Double.MAX_VALUE;
    double hi = -1;
    for (int i = 0; i < log.size(); i++) {
      long a = log.get(i).nanos();
      long b = i + 1 < log.size() ? log.get(i + 1).nanos() : Long.MAX_VALUE;
      if (b > from && a < to) {
        lo = Math.min(lo, log.get(i).watts());
        hi = Math.max(hi, log.get(i).watts());
      }
    }
    return hi < 0 ? 0 : hi - lo;
  }

  /**
   * The simulator's scrape times (nanoTime) of the scrapes the client kept, in order, from the simulator's scrape
   * index each one carried (llm-gpu-raw.csv): a scrape the client dropped (a timeout on a loaded box) is left out
   * on both sides.
   */
  private List<Long> keptScrapeNanos() throws Exception {
    return keptScrapes().stream().map(k -> k[0]).toList();
  }

  /** As {@link #keptScrapeNanos()}, each with the client's stamp: {simulator nanoTime, client epoch ms}. */
  private List<long[]> keptScrapes() throws Exception {
    List<Long> all = sim.gpuPower().scrapeNanos();
    List<long[]> kept = new ArrayList<>();
    try (CsvTable t = CsvTable.open(dir.resolve(RunFiles.GPU_RAW))) {
      int time = t.require("time_ms");
      int name = t.require("name");
      int value = t.require("value");
      while (t.next()) {
        if (t.string(name).equals(GpuPower.SCRAPE_SERIES)) {
          kept.add(new long[] {all.get((int) Math.round(t.decimal(value))), t.requiredInteger(time)});
        }
      }
    }
    return kept;
  }

  private long simTokens() {
    return sim.requestLog().records().stream().mapToLong(RequestRecord::outputTokensSent).sum();
  }

  @Test
  void joulesPerTokenFromTheEnergyCounterMatchTheSimulatorsPowerModelWithinOnePercent() throws Exception {
    start(true);
    Measured m = run();
    GpuPower power = sim.gpuPower();
    List<Long> scrapes = keptScrapeNanos();
    assertThat(((Number) m.gpu().get("scrapes_ok")).longValue()).isEqualTo(scrapes.size()).isGreaterThan(5);
    assertThat(power.logDropped()).isZero();
    long from = scrapes.get(0);
    long to = scrapes.get(scrapes.size() - 1);
    double knownJ = GPUS * logJoules(power.log(), from, to);
    long knownTokens = simTokens();
    assertThat(m.clientTokens()).isEqualTo(knownTokens).isEqualTo(16 * 50 + 4 * 100);
    double known = knownJ / knownTokens;

    assertThat(m.gpu().get("method")).isEqualTo("energy_counter");
    assertThat(m.gpu().get("gpus")).isEqualTo(GPUS);
    double perToken = ((Number) m.gpu().get("joules_per_output_token")).doubleValue();
    assertThat(perToken).isCloseTo(known, within(known * 0.01));
    assertThat(((Number) m.gpu().get("joules_per_request")).doubleValue())
        .isCloseTo(knownJ / 20, within(knownJ / 20 * 0.01));
    assertThat(((Number) m.gpu().get("output_tokens_per_joule")).doubleValue())
        .isCloseTo(1 / known, within(0.01 / known));
    // the load reached the cap: average power lies between idle and max for each GPU
    // average power divides by the window on the client's clock (scrapes stamped when sent)
    double windowS = ((Number) m.gpu().get("window_s")).doubleValue();
    assertThat(((Number) m.gpu().get("avg_power_w")).doubleValue())
        .isCloseTo(knownJ / windowS, within(knownJ / windowS * 0.01))
        .isBetween(GPUS * IDLE_W, GPUS * MAX_W);
    assertThat(power.log().stream().mapToDouble(GpuPower.Step::watts).max().orElseThrow()).isEqualTo(MAX_W);

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> perGpu = (List<Map<String, Object>>) m.gpu().get("per_gpu");
    assertThat(perGpu).hasSize(GPUS);
    for (Map<String, Object> g : perGpu) {
      assertThat(((Number) g.get("energy_j")).doubleValue()).isCloseTo(knownJ / GPUS, within(knownJ / GPUS * 0.01));
      assertThat(g.get("mem_used_max_bytes")).isEqualTo(73_403L * 1024 * 1024);
      assertThat(((Number) g.get("util_avg")).doubleValue()).isBetween(0.0, 100.0);
      assertThat(g.get("uuid")).isNotNull();
    }

    // llm-gpu.csv: one row per GPU per window scrape, read back through RunFolder
    List<GpuRow> rows = RunFolder.open(dir).gpuSamples();
    assertThat(rows).hasSize(GPUS * scrapes.size());
    assertThat(rows).allSatisfy(r -> assertThat(r.energyMj()).isNotNull());
    assertThat(dir.resolve(RunFiles.GPU_RAW)).exists();
  }

  @Test
  void withoutTheCounterPowerIsIntegratedWithinTheTrapezoidsBound() throws Exception {
    start(false);
    Measured m = run();
    GpuPower power = sim.gpuPower();
    List<Long> scrapes = keptScrapeNanos();
    List<GpuPower.Step> log = power.log();
    long from = scrapes.get(0);
    long to = scrapes.get(scrapes.size() - 1);
    double knownJ = GPUS * logJoules(log, from, to);
    // between two scrapes the trapezoid is off by at most the power's swing there × the interval
    double bound = 0;
    for (int i = 0; i + 1 < scrapes.size(); i++) {
      bound += GPUS * swing(log, scrapes.get(i), scrapes.get(i + 1)) * (scrapes.get(i + 1) - scrapes.get(i)) / 1e9;
    }
    // the trapezoid of the power the simulator served at those scrapes, on its own clock; the suite's differs by
    // the scrapes' send stamps (whole ms) against the simulator's serve times: bounded by the measured difference
    List<long[]> kept = keptScrapes();
    double trapezoid = 0;
    double stampSlack = 0;
    for (int i = 0; i + 1 < kept.size(); i++) {
      double mean = GPUS * (wattsAt(log, kept.get(i)[0]) + wattsAt(log, kept.get(i + 1)[0])) / 2;
      double simDt = (kept.get(i + 1)[0] - kept.get(i)[0]) / 1e9;
      double clientDt = (kept.get(i + 1)[1] - kept.get(i)[1]) / 1e3;
      trapezoid += mean * simDt;
      stampSlack += mean * (Math.abs(clientDt - simDt) + 0.001);
    }
    assertThat(m.gpu().get("method")).isEqualTo("power_integral");
    double energy = ((Number) m.gpu().get("energy_j")).doubleValue();
    assertThat(stampSlack).isLessThan(trapezoid * 0.25);
    assertThat(energy).isCloseTo(trapezoid, within(stampSlack));
    assertThat(energy).isCloseTo(knownJ, within(bound + knownJ * 0.01));
    assertThat(((Number) m.gpu().get("joules_per_output_token")).doubleValue())
        .isCloseTo(energy / simTokens(), within(1e-6));
  }

  private static boolean until(BooleanSupplier condition, long timeoutMillis) {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(1_000_000L);
    }
    return true;
  }
}
