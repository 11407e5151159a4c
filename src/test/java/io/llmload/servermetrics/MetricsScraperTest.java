package io.llmload.servermetrics;

import io.llmload.run.ServerMetricsRow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class MetricsScraperTest {

  /** A loopback /metrics server whose counters grow by one step per request. */
  static final class FakeVllm {
    final HttpServer server;
    final AtomicInteger hits = new AtomicInteger();
    volatile int status = 200;
    volatile IntFunction<String> body = FakeVllm::metrics;

    FakeVllm() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/metrics", exchange -> {
        int n = hits.incrementAndGet();
        byte[] bytes = body.apply(n).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      });
      server.start();
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
    }

    static String metrics(int n) {
      String l = "{engine=\"0\",model_name=\"m\"}";
      return "# TYPE vllm:num_requests_running gauge\n"
          + "vllm:num_requests_running" + l + " " + n + ".0\n"
          + "# TYPE vllm:prompt_tokens_total counter\n"
          + "vllm:prompt_tokens_total" + l + " " + (100 * n) + ".0\n"
          + "# TYPE vllm:generation_tokens_total counter\n"
          + "vllm:generation_tokens_total" + l + " " + (10 * n) + ".0\n"
          + "# TYPE vllm:time_to_first_token_seconds histogram\n"
          + "vllm:time_to_first_token_seconds_bucket{engine=\"0\",le=\"0.1\",model_name=\"m\"} " + n + ".0\n"
          + "vllm:time_to_first_token_seconds_bucket{engine=\"0\",le=\"+Inf\",model_name=\"m\"} " + n + ".0\n"
          + "vllm:time_to_first_token_seconds_count" + l + " " + n + ".0\n"
          + "vllm:time_to_first_token_seconds_sum" + l + " " + (0.05 * n) + "\n";
    }

    void stop() {
      server.stop(0);
    }
  }

  private FakeVllm fake;
  private MetricsScraper scraper;

  @AfterEach
  void tearDown() {
    if (scraper != null) {
      scraper.stop();
    }
    if (fake != null) {
      fake.stop();
    }
  }

  /** Polls a condition until it holds or the deadline passes (the deadline is generous: a busy 2-core box). */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(10); // polling interval only; the condition is what synchronizes
    }
  }

  @Test
  void firstScrapeAtStartAndFinalScrapeAtStopMakeTheWindow(@TempDir Path dir) throws Exception {
    fake = new FakeVllm();
    AtomicLong clock = new AtomicLong(1_000);
    scraper = new MetricsScraper(List.of(fake.url()), Duration.ofHours(1), Duration.ofHours(2), clock::get, dir);
    assertThat(scraper.timeout()).isEqualTo(Duration.ofSeconds(5));
    scraper.start();
    await("first scrape", () -> scraper.scrapesOk() >= 1);
    clock.set(11_000);
    scraper.stop();
    scraper.stop(); // idempotent

    assertThat(scraper.scrapesOk()).isEqualTo(2);
    assertThat(scraper.scrapesFailed()).isZero();
    assertThat(fake.hits.get()).isEqualTo(2);
    assertThat(scraper.firstScrape(0)).get().extracting(Scrape::timeMs).isEqualTo(1_000L);
    assertThat(scraper.latestScrape(0)).get().extracting(Scrape::timeMs).isEqualTo(11_000L);

    List<String> rows = Files.readAllLines(dir.resolve("server-metrics.csv"));
    assertThat(rows).containsExactly(
        ServerMetricsRow.HEADER,
        "1000,0,1,,,,,,,,,true,false",
        // prompt 100 → 200 and generation 10 → 20 over 10 s
        "11000,0,2,,,10,1,,,,,true,false");

    List<String> raw = Files.readAllLines(dir.resolve("server-metrics-raw.csv"));
    assertThat(raw.get(0)).isEqualTo("time_ms,url_index,name,labels,value");
    assertThat(raw).hasSize(1 + 2 * 7)
        .contains("11000,0,vllm:prompt_tokens_total,\"engine=\"\"0\"\",model_name=\"\"m\"\"\",200")
        .contains("1000,0,vllm:time_to_first_token_seconds_bucket,"
            + "\"engine=\"\"0\"\",le=\"\"+Inf\"\",model_name=\"\"m\"\"\",1");

    ServerWindow w = scraper.window();
    assertThat(w.durationS()).isEqualTo(10.0);
    assertThat(w.promptTokens()).isEqualTo(100L);
    assertThat(w.generationTokensPerS()).isEqualTo(1.0);
    assertThat(w.latency().get("ttft_ms").count()).isEqualTo(1);
    assertThat(w.latency().get("ttft_ms").mean()).isEqualTo(50.0);
  }

  @Test
  void periodicScrapesCountHttp500AndAStoppedServerAsFailures(@TempDir Path dir) throws Exception {
    fake = new FakeVllm();
    scraper = new MetricsScraper(List.of(fake.url()), Duration.ofMillis(50), Duration.ofMinutes(5),
        System::currentTimeMillis, dir);
    assertThat(scraper.timeout()).isEqualTo(Duration.ofMillis(50));
    scraper.start();
    await("three good scrapes", () -> scraper.scrapesOk() >= 3);

    fake.status = 500;
    await("an HTTP 500 failure", () -> scraper.lastFailureReason() != null
        && scraper.lastFailureReason().contains("HTTP 500"));
    long okWhile500 = scraper.scrapesOk();
    long failedAfter500 = scraper.scrapesFailed();

    fake.stop();
    await("a connection failure", () -> scraper.scrapesFailed() > failedAfter500
        && !scraper.lastFailureReason().contains("HTTP 500"));
    scraper.stop(); // the final scrape fails too; nothing is thrown
    assertThat(scraper.lastFailureReason()).startsWith("url 0: ");
    assertThat(scraper.scrapesOk()).isGreaterThanOrEqualTo(3).isLessThanOrEqualTo(okWhile500 + 1);

    List<String> rows = Files.readAllLines(dir.resolve("server-metrics.csv"));
    List<String> data = rows.subList(1, rows.size());
    long okRows = data.stream().filter(r -> r.endsWith(",true,false")).count();
    long failedRows = data.stream().filter(r -> r.endsWith(",false,false")).count();
    assertThat(okRows).isEqualTo(scraper.scrapesOk());
    assertThat(failedRows).isEqualTo(scraper.scrapesFailed());
    assertThat(data).hasSize((int) (okRows + failedRows));
    data.stream().filter(r -> r.endsWith(",false,false"))
        .forEach(r -> assertThat(r).matches("\\d+,0,,,,,,,,,,false,false"));
    // the second good row has a positive prompt-token rate
    String secondOk = data.stream().filter(r -> r.endsWith(",true,false")).skip(1).findFirst().orElseThrow();
    assertThat(Double.parseDouble(secondOk.split(",", -1)[5])).isPositive();

    ServerWindow w = scraper.window();
    assertThat(w.scrapesFailed()).isEqualTo(failedRows);
    assertThat(w.promptTokens()).isPositive();
  }

  @Test
  void stopsByItselfAfterTheMaximumDurationButStopStillScrapesOnce(@TempDir Path dir) throws Exception {
    fake = new FakeVllm();
    scraper = new MetricsScraper(List.of(fake.url()), Duration.ofMillis(20), Duration.ofMillis(300),
        System::currentTimeMillis, dir);
    scraper.start();
    await("expiry", scraper::expired);
    // counted on the scraper's own thread, so no in-flight request can blur them
    long attemptsAfterExpiry = scraper.scrapesOk() + scraper.scrapesFailed();
    assertThat(attemptsAfterExpiry).isPositive();
    scraper.stop();
    assertThat(scraper.scrapesOk() + scraper.scrapesFailed()).isEqualTo(attemptsAfterExpiry + 1);
  }

  @Test
  void aMillionSeriesAreAFailedScrapeReadOnlyUpToTheByteLimit(@TempDir Path dir) throws Exception {
    fake = new FakeVllm();
    StringBuilder huge = new StringBuilder(40 << 20);
    for (int i = 0; i < 1_000_000; i++) {
      huge.append("series_").append(i).append("{model_name=\"m\"} ").append(i).append('\n');
    }
    String body = huge.toString();
    fake.body = n -> body;
    scraper = new MetricsScraper(List.of(fake.url()), Duration.ofHours(1), Duration.ofHours(1),
        System::currentTimeMillis, dir);
    scraper.start();
    await("a failed scrape", () -> scraper.scrapesFailed() >= 1);
    scraper.stop();
    assertThat(scraper.scrapesOk()).isZero();
    assertThat(scraper.lastFailureReason()).isEqualTo("url 0: body larger than " + MetricsScraper.MAX_BODY_BYTES + " bytes");
  }

  @Test
  void parseErrorsAndAnUnwritableDirectoryNeverReachTheCaller(@TempDir Path dir) throws Exception {
    fake = new FakeVllm();
    fake.body = n -> "vllm:num_requests_running 1\nvllm:num_requests_waiting{engine=\"0\" 2\n";
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    scraper = new MetricsScraper(List.of(fake.url()), Duration.ofHours(1), Duration.ofHours(1),
        System::currentTimeMillis, notADirectory);
    scraper.start();
    await("a failed scrape", () -> scraper.scrapesFailed() >= 1);
    scraper.stop();
    assertThat(scraper.scrapesFailed()).isEqualTo(2);
    assertThat(scraper.scrapesOk()).isZero();
    assertThat(scraper.lastFailureReason()).isEqualTo(
        "url 0: parse error: line 2: expected ',' or '}' after label engine, found '2'");
    ServerWindow w = scraper.window();
    assertThat(w.promptTokens()).isNull();
    assertThat(w.maxRequestsRunning()).isNull();
  }

  @Test
  void offDisablesScrapingAndUrlsAreParsedAndRedacted(@TempDir Path dir) {
    assertThat(MetricsScraper.parseUrls("off")).isEmpty();
    assertThat(MetricsScraper.parseUrls(" OFF ")).isEmpty();
    assertThat(MetricsScraper.parseUrls("")).isEmpty();
    assertThat(MetricsScraper.parseUrls(null)).isEmpty();
    assertThat(MetricsScraper.parseUrls("http://a:1/metrics, http://b:2/metrics"))
        .containsExactly(URI.create("http://a:1/metrics"), URI.create("http://b:2/metrics"));
    assertThatThrownBy(() -> MetricsScraper.parseUrls("ftp://x/metrics"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MetricsScraper.parseUrls("http://u:secret@[bad/metrics"))
        .hasMessageNotContaining("secret");

    assertThat(MetricsScraper.metricsUrlFor("http://h:8000/v1")).isEqualTo(URI.create("http://h:8000/metrics"));
    assertThat(MetricsScraper.metricsUrlFor("http://h:8000/v1/")).isEqualTo(URI.create("http://h:8000/metrics"));
    assertThat(MetricsScraper.metricsUrlFor("http://h:8000")).isEqualTo(URI.create("http://h:8000/metrics"));
    assertThat(MetricsScraper.redact("http://user:secret@h:1/metrics?key=abc"))
        .isEqualTo("http://[redacted]@h:1/metrics?key=[redacted]");

    MetricsScraper off = new MetricsScraper(MetricsScraper.parseUrls("off"), null, Duration.ofHours(1),
        System::currentTimeMillis, dir.resolve("out"));
    assertThat(off.enabled()).isFalse();
    assertThat(off.period()).isEqualTo(MetricsScraper.DEFAULT_PERIOD);
    off.start();
    off.stop();
    assertThat(Files.exists(dir.resolve("out"))).isFalse();
    assertThat(off.window().enabled()).isFalse();
    assertThat(off.window().asMap()).containsEntry("enabled", false);
  }
}
