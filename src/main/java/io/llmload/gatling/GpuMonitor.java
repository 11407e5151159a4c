package io.llmload.gatling;

import io.llmload.config.ConfigException;
import io.llmload.config.Redaction;
import io.llmload.csv.CsvFormatException;
import io.llmload.run.AtomicFiles;
import io.llmload.run.GpuRow;
import io.llmload.run.RunFiles;
import io.llmload.servermetrics.GpuScrapes;
import io.llmload.servermetrics.GpuWindow;
import io.llmload.servermetrics.GpuWindowTracker;
import io.llmload.servermetrics.MetricsParseException;
import io.llmload.servermetrics.MetricsScraper;
import io.llmload.servermetrics.MetricsSnapshot;
import io.llmload.servermetrics.NvidiaSmiCsv;
import io.llmload.servermetrics.PrometheusTextParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The GPU telemetry of a run: either NVIDIA dcgm-exporter scraped beside the load (llm.gpuMetricsUrl, one
 * URL per node, through {@link MetricsScraper} and {@link GpuScrapes}) or an nvidia-smi CSV file read at the
 * end of the run (llm.gpuMetricsFile, {@link NvidiaSmiCsv}). Both are checked when the monitor is made, before
 * any load: a URL that does not answer, or answers without DCGM fields, and a file that does not parse stop the
 * run with the setting named (a run asked to measure energy that cannot is not worth its load). The window
 * is the measured one: scraping starts with the first measured user and ends with a final scrape when the
 * run stops; the file's lines are kept when their time falls between those two moments.
 */
public final class GpuMonitor {
  /** A GPU sample of an nvidia-smi file within this of the window's edge counts as covering it (-lms 500). */
  static final long FILE_EDGE_TOLERANCE_MS = 1_000;

  private final List<URI> urls;
  private final Path file;
  private final ZoneId zone;
  private final Path runDir;
  private final LongSupplier clockMs;
  private final Duration period;
  private final Duration maxDuration;
  private final MetricsScraper scraper;
  private final GpuScrapes scrapes;
  private volatile Long startMs;
  private volatile Long endMs;

  private GpuMonitor(List<URI> urls, Path file, ZoneId zone, Path runDir, Duration period, Duration maxDuration,
                     LongSupplier clockMs) {
    this.urls = urls;
    this.file = file;
    this.zone = zone;
    this.runDir = runDir;
    this.clockMs = clockMs;
    this.period = period;
    this.maxDuration = maxDuration;
    this.scrapes = urls.isEmpty() || runDir == null ? null : new GpuScrapes();
    this.scraper = scrapes == null ? null
        : new MetricsScraper(urls, period, maxDuration, clockMs, runDir, "GPU metrics", scrapes);
  }

  /** The same checked source writing into {@code runDir} (the run folder exists only after the checks). */
  public GpuMonitor in(Path runDir) {
    return new GpuMonitor(urls, file, zone, runDir, period, maxDuration, clockMs);
  }

  /** No GPU telemetry: every method does nothing, {@link #summary} is null. */
  public static GpuMonitor off() {
    return new GpuMonitor(List.of(), null, null, null, null, Duration.ZERO, () -> 0);
  }

  /**
   * Checks the settings (see the class comment) and returns the monitor; {@link #off()} when neither is set.
   * With {@code runDir} null it only checks: {@link #in} gives the monitor of the run folder.
   *
   * @param url    llm.gpuMetricsUrl or null
   * @param file   llm.gpuMetricsFile or null
   * @param period the scrape period (llm.metricsPeriodSeconds)
   */
  public static GpuMonitor create(String url, String file, Path runDir, Duration period, Duration maxDuration,
                                  LongSupplier clockMs) {
    boolean hasUrl = url != null && !url.isBlank() && !url.strip().equalsIgnoreCase("off");
    boolean hasFile = file != null && !file.isBlank();
    if (hasUrl && hasFile) {
      throw new ConfigException("llm.gpuMetricsUrl and llm.gpuMetricsFile are both set; give one GPU source:"
          + " the dcgm-exporter URL(s), or the nvidia-smi CSV file when there is no exporter");
    }
    if (hasUrl) {
      List<URI> urls;
      try {
        urls = MetricsScraper.parseUrls(url);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("llm.gpuMetricsUrl=" + Redaction.url(url) + ": " + e.getMessage()
            + "; give dcgm-exporter's http(s)://<node>:9400/metrics, one per node, separated by commas");
      }
      for (URI u : urls) {
        check(u);
      }
      return new GpuMonitor(urls, null, null, runDir, period, maxDuration, clockMs);
    }
    if (hasFile) {
      Path p = Path.of(file.strip());
      ZoneId zone = ZoneId.systemDefault();
      try {
        NvidiaSmiCsv.read(p, zone, r -> { });
      } catch (CsvFormatException | IOException e) {
        throw new ConfigException("llm.gpuMetricsFile=" + file + ": " + e.getMessage());
      }
      return new GpuMonitor(List.of(), p, zone, runDir, period, maxDuration, clockMs);
    }
    return off();
  }

  /** One GET: it must answer 200 with Prometheus text holding DCGM_FI_DEV_POWER_USAGE or the energy counter. */
  static void check(URI url) {
    String shown = Redaction.url(url.toString());
    String body;
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER).build();
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new ConfigException("llm.gpuMetricsUrl: " + shown + " answered HTTP " + r.statusCode()
            + "; give dcgm-exporter's /metrics URL (default port 9400)");
      }
      body = r.body();
    } catch (IOException e) {
      throw new ConfigException("llm.gpuMetricsUrl: " + shown + " does not answer (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); start dcgm-exporter on that node or remove the"
          + " setting to run without GPU figures");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigException("llm.gpuMetricsUrl: interrupted while checking " + shown);
    }
    MetricsSnapshot s;
    try {
      s = PrometheusTextParser.parse(body);
    } catch (MetricsParseException e) {
      throw new ConfigException("llm.gpuMetricsUrl: " + shown + " is not Prometheus text: " + e.getMessage());
    }
    if (s.samples(GpuScrapes.POWER_USAGE).isEmpty() && s.samples(GpuScrapes.TOTAL_ENERGY).isEmpty()) {
      throw new ConfigException("llm.gpuMetricsUrl: " + shown + " has neither " + GpuScrapes.POWER_USAGE + " nor "
          + GpuScrapes.TOTAL_ENERGY + ": not a dcgm-exporter, or its counters file leaves them out");
    }
  }

  public boolean enabled() {
    return scraper != null || (file != null && runDir != null);
  }

  /** The window starts: the first scrape now. Idempotent. */
  public synchronized void start() {
    if (!enabled() || startMs != null) {
      return;
    }
    startMs = clockMs.getAsLong();
    if (scraper != null) {
      scraper.start();
    }
  }

  /** The window ends: a final scrape. Idempotent. */
  public synchronized void stop() {
    if (!enabled() || startMs == null || endMs != null) {
      return;
    }
    if (scraper != null) {
      scraper.stop();
    }
    endMs = clockMs.getAsLong();
  }

  /** The GPU figures over the window; for a file, read it now and write llm-gpu.csv. */
  public GpuWindow window() {
    if (scraper != null) {
      String location = urls.stream().map(u -> Redaction.url(u.toString())).collect(Collectors.joining(","));
      return scrapes.window(location);
    }
    GpuWindowTracker tracker = new GpuWindowTracker(FILE_EDGE_TOLERANCE_MS);
    StringBuilder rows = new StringBuilder(GpuRow.HEADER).append('\n');
    long from = startMs == null ? Long.MIN_VALUE : startMs;
    long to = endMs == null ? Long.MAX_VALUE : endMs;
    List<String> warnings = new ArrayList<>();
    try {
      warnings.addAll(NvidiaSmiCsv.read(file, zone, r -> {
        if (r.timeMs() >= from && r.timeMs() <= to) {
          rows.append(tracker.accept(r).toCsv()).append('\n');
        }
      }).warnings());
    } catch (IOException e) {
      throw new IllegalStateException("llm.gpuMetricsFile=" + file + " cannot be read: " + e.getMessage(), e);
    }
    AtomicFiles.write(runDir.resolve(RunFiles.GPU), rows.toString());
    GpuWindow w = tracker.summarize("file", file.toString());
    if (tracker.isEmpty()) {
      warnings.add("no line of " + file + " falls in the run window; was nvidia-smi running during the run?");
    }
    if (warnings.isEmpty()) {
      return w;
    }
    List<String> notes = new ArrayList<>(w.notes());
    notes.addAll(warnings);
    return new GpuWindow(w.source(), w.location(), w.startMs(), w.endMs(), w.perGpu(), notes);
  }

  /**
   * The root "gpu" object of llm-summary.json, or null without GPU telemetry.
   *
   * @param outputTokens totals.output_tokens
   * @param okCalls      totals.ok
   */
  public Map<String, Object> summary(long outputTokens, long okCalls) {
    if (!enabled()) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>(window().asMap(outputTokens, okCalls));
    if (scraper != null) {
      m.put("scrapes_ok", scraper.scrapesOk());
      m.put("scrapes_failed", scraper.scrapesFailed());
      m.put("last_scrape_failure", scraper.lastFailureReason());
    }
    return m;
  }
}
