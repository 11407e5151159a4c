package io.llmload.gatling;

import io.llmload.config.ConfigException;
import io.llmload.config.LlmConfig;
import io.llmload.config.Redaction;
import io.llmload.metrics.PauseJudgement;
import io.llmload.run.CallPauses;
import io.llmload.run.RunRecorder;
import io.llmload.servermetrics.MetricsScraper;
import io.llmload.servermetrics.Scrape;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What runs beside the load: the server's /metrics scraper, the client-health probes, and the live
 * progress line printed every few seconds next to Gatling's own console output.
 */
public final class RunMonitor implements AutoCloseable {
  private static final long PROGRESS_PERIOD_S = 5;

  private final RunRecorder recorder;
  private final AtomicLong activeStreams;
  private final AtomicLong streamedTokenEvents;
  private final MetricsScraper scraper;
  private final String metricsNote;
  private final int urlCount;
  private final ClientHealth health;
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "llm-progress");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private volatile GpuMonitor gpu = GpuMonitor.off();
  private long startNanos;
  private long lastTokens;
  private long lastNanos;

  /**
   * @param baseUrls      the server's root, or its replicas' in llm.baseUrl's order
   * @param clientPauseMs llm.clientPauseMs: an event-loop probe this late is recorded as a client pause
   */
  public RunMonitor(LlmConfig config, List<String> baseUrls, Path runDir, RunRecorder recorder, AtomicLong activeStreams,
                    AtomicLong streamedTokenEvents, Duration maxDuration, double clientPauseMs) {
    this.health = new ClientHealth(clientPauseMs, GatlingInternals::nowMillis);
    this.recorder = recorder;
    this.activeStreams = activeStreams;
    this.streamedTokenEvents = streamedTokenEvents;
    List<URI> urls;
    String note = null;
    if (config.shard().index() > 0) {
      urls = List.of();
      note = "server metrics are scraped by shard 0 only (this injector is llm.shard=" + config.shard().label() + ")";
    } else if (config.metricsUrl() == null) {
      // every replica's /metrics, in llm.baseUrl's order (url_index = the replica's index), when one answers
      List<URI> each = baseUrls.stream().map(MetricsScraper::metricsUrlFor).toList();
      if (each.stream().anyMatch(RunMonitor::answers)) {
        urls = each;
      } else {
        urls = List.of();
        note = Redaction.url(each.get(0).toString()) + (each.size() > 1 ? " (and the other replicas')" : "")
            + " did not answer: no server metrics (set -Dllm.metricsUrl to point elsewhere)";
      }
    } else {
      try {
        urls = MetricsScraper.parseUrls(config.metricsUrl());
      } catch (IllegalArgumentException e) {
        throw new ConfigException("llm.metricsUrl=" + config.metricsUrl() + ": " + e.getMessage()
            + "; give http(s) URLs separated by commas, or off");
      }
      if (urls.isEmpty()) {
        note = "server metrics off (llm.metricsUrl=off)";
      }
    }
    this.metricsNote = note;
    this.urlCount = urls.size();
    this.scraper = new MetricsScraper(urls, Duration.ofMillis(Math.round(config.metricsPeriodSeconds() * 1000)),
        maxDuration, GatlingInternals::nowMillis, runDir);
  }

  private static boolean answers(URI url) {
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<Void> r = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return false;
    }
  }

  /** The run's GPU telemetry: started and stopped with the server scraper. */
  public void gpu(GpuMonitor monitor) {
    this.gpu = monitor;
  }

  /** The root "gpu" object of llm-summary.json, or null without GPU telemetry. */
  public Map<String, Object> gpuSummary(long outputTokens, long okCalls) {
    return gpu.summary(outputTokens, okCalls);
  }

  /** Starts the probes when Gatling is ready (before the warm-up). */
  public void startClientProbes() {
    health.start(GatlingInternals.eventLoops());
  }

  /** Starts scraping and the progress line when the first measured user starts. Idempotent. */
  public void onMeasuredLoadStart() {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    health.measuredLoadStarted();
    startNanos = System.nanoTime();
    lastNanos = startNanos;
    gpu.start();
    if (scraper.enabled()) {
      scraper.start();
    } else if (metricsNote != null) {
      System.out.println("LLM: " + metricsNote);
    }
    ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
  }

  private long ticks;

  private void tick() {
    try {
      health.sampleCpu();
      if (++ticks % PROGRESS_PERIOD_S == 0) {
        System.out.println(progressLine());
      }
    } catch (RuntimeException e) {
      System.out.println("LLM progress: " + e);
    }
  }

  String progressLine() {
    long now = System.nanoTime();
    long tokens = streamedTokenEvents.get();
    double rate = (tokens - lastTokens) / Math.max(1e-9, (now - lastNanos) / 1e9);
    lastTokens = tokens;
    lastNanos = now;
    Long ttftP95 = recorder.liveTtftP95();
    Object waiting = serverGauge("vllm:num_requests_waiting");
    return String.format(Locale.ROOT,
        "LLM %4ds | streams %d | calls %d done, %d failed | %.0f token events/s | TTFT p95 %s | server waiting %s"
            + " | client loop late p99 %.1f ms, cpu %.0f%%",
        (now - startNanos) / 1_000_000_000L, activeStreams.get(), recorder.callsDone(), recorder.callsFailed(), rate,
        ttftP95 == null ? "-" : ttftP95 + " ms", waiting == null ? "-" : waiting, health.lateP99Ms(),
        Double.isNaN(health.lastCpu()) ? 0 : health.lastCpu() * 100);
  }

  private Object serverGauge(String name) {
    if (!scraper.enabled()) {
      return null;
    }
    Double sum = null;
    for (int i = 0; i < urlCount; i++) {
      Double v = scraper.latestScrape(i).map(Scrape::snapshot).map(s -> s.sum(name)).orElse(null);
      if (v != null) {
        sum = (sum == null ? 0 : sum) + v;
      }
    }
    return sum == null ? null : (long) Math.round(sum);
  }

  /** Ends scraping (one last scrape) and the probes. Idempotent. */
  public void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    ticker.shutdownNow();
    health.stop();
    scraper.stop();
    gpu.stop();
  }

  /** The "server" section of llm-summary.json. */
  public Map<String, Object> serverSummary() {
    Map<String, Object> server = new java.util.LinkedHashMap<>(scraper.window().asMap());
    server.put("scrapes_ok", scraper.scrapesOk());
    server.put("scrapes_failed", scraper.scrapesFailed());
    server.put("last_scrape_failure", scraper.lastFailureReason());
    if (urlCount > 1) {
      server.put("per_url", scraper.windowsPerUrl());
    }
    if (metricsNote != null) {
      server.put("note", metricsNote);
    }
    return server;
  }

  /**
   * Sets the client's pauses against the calls in {@code runDir} (llm-calls.csv and llm-itl.csv, complete:
   * call it after the recorder is closed) and writes each call's allowance into llm-calls.csv's column
   * client_pause_ms.
   */
  public PauseJudgement judgePauses(Path runDir) {
    return CallPauses.judgeAndMark(runDir, health.pauses(), health.pauseMs());
  }

  /** The "client_health" section of llm-summary.json; {@code judged} null when the pauses could not be judged ({@code why}). */
  public Map<String, Object> clientHealth(PauseJudgement judged, String why) {
    return health.summary(judged, why);
  }

  @Override
  public void close() {
    stop();
    scraper.close();
  }
}
