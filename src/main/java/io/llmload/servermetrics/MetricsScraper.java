package io.llmload.servermetrics;

import io.llmload.config.Redaction;
import io.llmload.run.ServerMetricsRow;
import io.llmload.run.RunFiles;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Scrapes the Prometheus {@code /metrics} of one or more servers (replicas) while the load runs.
 *
 * <p>Every period (2 s by default) it GETs every URL in parallel (timeout = min(period, 5 s)), parses
 * the body, stamps the scrape with the supplied clock (epoch ms; the lead passes Gatling's), appends
 * rows to server-metrics.csv and server-metrics-raw.csv (flushed each scrape) and updates a
 * {@link ServerWindowTracker} that keeps only the first and latest scrape per URL. With a {@link ScrapeSink}
 * (the GPU scraper's {@link GpuScrapes}) the row file, its raw file and the figures are the sink's instead. Failures (HTTP
 * status, connection, timeout, a body over {@link #MAX_BODY_BYTES}, parse error, CSV I/O) are counted with the last reason and never
 * reach the caller. It runs on its own daemon thread, stops by itself after {@code maxDuration},
 * and {@link #stop()} does one final scrape so the window ends when the load ends.
 *
 * <p>No credentials: vLLM does not put /metrics behind the API key, so none is sent; URLs are logged
 * without user-info or query.
 */
public final class MetricsScraper implements AutoCloseable {
  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(2);
  public static final Duration MAX_TIMEOUT = Duration.ofSeconds(5);
  /** The most of one /metrics body read (vLLM's is tens of KB); a larger body is a failed scrape. */
  public static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

  private static final System.Logger LOG = System.getLogger(MetricsScraper.class.getName());

  private enum State { NEW, RUNNING, STOPPED }

  private final List<URI> urls;
  private final Duration period;
  private final Duration timeout;
  private final Duration maxDuration;
  private final LongSupplier clockMs;
  private final Path outputDir;
  private final ServerWindowTracker tracker;
  private final boolean[] failing;
  /** What the log lines call this scraper ("server metrics", "GPU metrics"). */
  private final String what;
  /** The rows and figures of another kind of endpoint; null for vLLM's /metrics (server-metrics.csv). */
  private final ScrapeSink sink;

  private State state = State.NEW;
  private ScheduledExecutorService executor;
  private ScheduledFuture<?> periodic;
  private HttpClient http;
  private ScrapeCsvFiles files;
  private volatile boolean expired;

  /**
   * @param urls        the /metrics URLs (empty: scraping off, every method is a no-op)
   * @param period      time between scrapes; {@code null} for {@link #DEFAULT_PERIOD}
   * @param maxDuration scraping stops by itself this long after {@link #start()}
   * @param clockMs     epoch milliseconds used to stamp scrapes (Gatling's clock)
   * @param outputDir   where server-metrics.csv and server-metrics-raw.csv are written
   */
  public MetricsScraper(List<URI> urls, Duration period, Duration maxDuration, LongSupplier clockMs,
              Path outputDir) {
    this(urls, period, maxDuration, clockMs, outputDir, "server metrics", null);
  }

  /**
   * A scraper whose rows and figures are {@code sink}'s (its files in {@code outputDir}); its own counts,
   * failures and restart detection ({@link CounterResets}) work as for the server's /metrics.
   *
   * @param what how log lines name it, e.g. "GPU metrics"
   */
  public MetricsScraper(List<URI> urls, Duration period, Duration maxDuration, LongSupplier clockMs,
              Path outputDir, String what, ScrapeSink sink) {
    this.what = Objects.requireNonNull(what, "what");
    this.sink = sink;
    this.urls = List.copyOf(urls);
    this.period = period == null ? DEFAULT_PERIOD : period;
    if (this.period.isNegative() || this.period.isZero()) {
      throw new IllegalArgumentException("period must be positive");
    }
    this.timeout = this.period.compareTo(MAX_TIMEOUT) < 0 ? this.period : MAX_TIMEOUT;
    this.maxDuration = Objects.requireNonNull(maxDuration, "maxDuration");
    this.clockMs = Objects.requireNonNull(clockMs, "clockMs");
    this.outputDir = Objects.requireNonNull(outputDir, "outputDir");
    this.tracker = new ServerWindowTracker(this.urls.size());
    this.failing = new boolean[this.urls.size()];
  }

  /**
   * Parses the URL setting: {@code off} (any case) or blank → no scraping; otherwise one or more
   * http(s) URLs separated by commas or spaces. Throws IllegalArgumentException on a bad URL.
   */
  public static List<URI> parseUrls(String setting) {
    if (setting == null || setting.isBlank() || setting.strip().equalsIgnoreCase("off")) {
      return List.of();
    }
    List<URI> out = new ArrayList<>();
    for (String part : setting.strip().split("[,\\s]+")) {
      URI uri;
      try {
        uri = URI.create(part);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("not a URL: " + redact(part));
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new IllegalArgumentException("metrics URL must be http(s)://host…: " + redact(part));
      }
      out.add(uri);
    }
    return out;
  }

  /** The /metrics URL of an OpenAI-compatible base URL: {@code http://h:8000/v1} → {@code http://h:8000/metrics}. */
  public static URI metricsUrlFor(String baseUrl) {
    URI base = URI.create(baseUrl.strip());
    String path = base.getPath() == null ? "" : base.getPath();
    path = path.replaceAll("/+$", "");
    if (path.endsWith("/v1")) {
      path = path.substring(0, path.length() - 3);
    }
    return base.resolve(path + "/metrics").normalize();
  }

  /** The URL as a log line may show it: user-info and query values redacted ({@link Redaction#url}). */
  static String redact(String url) {
    return Redaction.url(url);
  }

  public boolean enabled() {
    return !urls.isEmpty();
  }

  public Duration period() {
    return period;
  }

  public Duration timeout() {
    return timeout;
  }

  /** Opens the CSV files, scrapes once immediately and then every period. Does nothing when off or already started. */
  public synchronized void start() {
    if (state != State.NEW || urls.isEmpty()) {
      return;
    }
    state = State.RUNNING;
    try {
      files = sink == null ? new ScrapeCsvFiles(outputDir)
          : new ScrapeCsvFiles(outputDir, sink.file(), sink.header(), sink.rawFile(), io.llmload.run.CsvAppender.FILES);
    } catch (IOException | RuntimeException e) {
      recordFailure("cannot write " + (sink == null ? RunFiles.SERVER_METRICS : sink.file()) + ": " + e.getMessage());
      files = null; // keep scraping: the window summary still works from memory
    }
    http = HttpClient.newBuilder()
        .connectTimeout(timeout)
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "llm-metrics-scraper");
      t.setDaemon(true);
      return t;
    });
    periodic = executor.scheduleAtFixedRate(this::scrapeAllQuietly, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    executor.schedule(this::expire, maxDuration.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void expire() {
    periodic.cancel(false);
    expired = true;
    LOG.log(Level.WARNING, "{0}: stopped scraping after the maximum duration of {1} ms",
        what, maxDuration.toMillis());
  }

  /** True once the maximum duration has passed: no more periodic scrapes (stop() still does its final one). */
  public boolean expired() {
    return expired;
  }

  /**
   * Stops the periodic scrapes, does one final scrape (so the window ends with the load), closes
   * the CSV files. Idempotent, bounded in time, never throws.
   */
  public void stop() {
    synchronized (this) {
      if (state != State.RUNNING) {
        state = State.STOPPED;
        return;
      }
      state = State.STOPPED;
    }
    try {
      periodic.cancel(false);
      Future<?> last = executor.submit(this::scrapeAllQuietly);
      long waitMs = 2 * timeout.toMillis() + 5_000;
      last.get(waitMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      recordFailure("final scrape did not finish: " + e);
    } finally {
      executor.shutdownNow();
      try {
        executor.awaitTermination(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (tracker) {
        if (files != null) {
          try {
            files.close();
          } catch (IOException e) {
            recordFailure("closing the CSV files: " + e.getMessage());
          }
          files = null;
        }
      }
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** One round: every URL in parallel, then rows in URL order. Catches everything: a throw would end the schedule. */
  private void scrapeAllQuietly() {
    try {
      scrapeAll();
    } catch (Throwable t) {
      recordFailure("scraper error: " + t);
    }
  }

  private void scrapeAll() {
    int n = urls.size();
    long[] sentAt = new long[n];
    List<CompletableFuture<HttpResponse<BoundedBody>>> responses = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      HttpRequest request = HttpRequest.newBuilder(urls.get(i))
          .timeout(timeout)
          .header("Accept", "text/plain;version=0.0.4")
          .GET()
          .build();
      sentAt[i] = clockMs.getAsLong();
      responses.add(http.sendAsync(request, BoundedBody.handler(MAX_BODY_BYTES)));
    }
    for (int i = 0; i < n; i++) {
      Scrape scrape = null;
      String failure;
      CompletableFuture<HttpResponse<BoundedBody>> f = responses.get(i);
      try {
        HttpResponse<BoundedBody> response = f.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        if (response.statusCode() != 200) {
          failure = "HTTP " + response.statusCode();
        } else if (response.body().truncated()) {
          failure = "body larger than " + MAX_BODY_BYTES + " bytes";
        } else {
          scrape = new Scrape(i, sentAt[i], PrometheusTextParser.parse(response.body().text()));
          failure = null;
        }
      } catch (MetricsParseException e) {
        failure = "parse error: " + e.getMessage();
      } catch (TimeoutException e) {
        f.cancel(true);
        failure = "timeout after " + timeout.toMillis() + " ms";
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        failure = cause instanceof java.net.http.HttpTimeoutException
            ? "timeout after " + timeout.toMillis() + " ms"
            : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      record(i, sentAt[i], scrape, failure);
    }
    synchronized (tracker) {
      if (files != null) {
        try {
          files.flush();
        } catch (IOException e) {
          recordFailure("writing the CSV files: " + e.getMessage());
        }
      }
    }
  }

  private void record(int urlIndex, long timeMs, Scrape scrape, String failure) {
    String rows;
    synchronized (tracker) {
      if (scrape != null) {
        rows = sink == null ? ScrapeRows.of(tracker.latest(urlIndex), scrape).toCsv() + "\n" : sink.accept(scrape);
        ServerWindow.CounterReset reset = tracker.accept(scrape);
        if (reset != null) {
          LOG.log(Level.WARNING, "{0}: counter reset on url {1} (restarted?): {2}",
              what, urlIndex, reset.detail());
        }
        if (failing[urlIndex]) {
          failing[urlIndex] = false;
          LOG.log(Level.INFO, "{0}: scraping {1} works again", what, redact(urls.get(urlIndex).toString()));
        }
      } else {
        rows = sink == null ? ServerMetricsRow.failed(timeMs, urlIndex).toCsv() + "\n"
            : sink.failed(urlIndex, timeMs, failure);
        tracker.failure(urlIndex, failure);
        if (!failing[urlIndex]) {
          failing[urlIndex] = true;
          LOG.log(Level.WARNING, "{0}: scraping {1} failed: {2}",
              what, redact(urls.get(urlIndex).toString()), failure);
        }
      }
      if (files != null) {
        try {
          files.append(rows, scrape);
        } catch (IOException e) {
          tracker.note("writing the CSV files: " + e.getMessage());
        }
      }
    }
  }

  /** A problem not tied to one URL's scrape (files, scheduling): the last failure reason, not a failed scrape. */
  private void recordFailure(String reason) {
    synchronized (tracker) {
      tracker.note(reason);
    }
    LOG.log(Level.WARNING, "{0}: {1}", what, reason);
  }

  public long scrapesOk() {
    synchronized (tracker) {
      return tracker.scrapesOk();
    }
  }

  public long scrapesFailed() {
    synchronized (tracker) {
      return tracker.scrapesFailed();
    }
  }

  /** "url &lt;i&gt;: &lt;reason&gt;" of the last failure, or null. */
  public String lastFailureReason() {
    synchronized (tracker) {
      return tracker.lastFailure();
    }
  }

  public Optional<Scrape> firstScrape(int urlIndex) {
    synchronized (tracker) {
      return Optional.ofNullable(tracker.first(urlIndex));
    }
  }

  public Optional<Scrape> latestScrape(int urlIndex) {
    synchronized (tracker) {
      return Optional.ofNullable(tracker.latest(urlIndex));
    }
  }

  /**
   * Each URL's own window (one per replica), as the summary's "per_url" list: {@code url_index}, {@code url}
   * (redacted) and the figures of {@link ServerWindow#asMap()} for that URL alone. Empty when scraping is off.
   */
  public List<java.util.Map<String, Object>> windowsPerUrl() {
    List<java.util.Map<String, Object>> out = new ArrayList<>();
    synchronized (tracker) {
      for (int i = 0; i < urls.size(); i++) {
        java.util.Map<String, Object> one = new java.util.LinkedHashMap<>();
        one.put("url_index", i);
        one.put("url", redact(urls.get(i).toString()));
        java.util.Map<String, Object> figures = new java.util.LinkedHashMap<>(tracker.summarize(i).asMap());
        figures.keySet().removeAll(List.of("enabled", "urls", "scrapes_ok", "scrapes_failed", "last_failure",
            "quantile_note"));
        one.putAll(figures);
        out.add(one);
      }
    }
    return out;
  }

  /** The server side of the run so far; {@link ServerWindow#disabled()} when scraping is off. */
  public ServerWindow window() {
    if (urls.isEmpty()) {
      return ServerWindow.disabled();
    }
    synchronized (tracker) {
      return tracker.summarize();
    }
  }
}
