package io.llmload.servermetrics;

import io.llmload.run.ServerMetricsRow;
import io.llmload.run.Csv;
import io.llmload.run.RunFiles;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * server-metrics.csv (one row per scrape per URL) and server-metrics-raw.csv (every sample of every
 * scrape, long form). Both are flushed after every scrape, so a killed run keeps what it scraped.
 */
final class ScrapeCsvFiles implements Closeable {
  static final String RAW_HEADER = "time_ms,url_index,name,labels,value";

  private final BufferedWriter server;
  private final BufferedWriter raw;

  ScrapeCsvFiles(Path dir) throws IOException {
    Files.createDirectories(dir);
    server = Files.newBufferedWriter(dir.resolve(RunFiles.SERVER_METRICS), StandardCharsets.UTF_8);
    BufferedWriter r;
    try {
      r = Files.newBufferedWriter(dir.resolve(RunFiles.SERVER_METRICS_RAW), StandardCharsets.UTF_8);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    raw = r;
    server.write(ServerMetricsRow.HEADER);
    server.write('\n');
    raw.write(RAW_HEADER);
    raw.write('\n');
    flush();
  }

  /** Appends one row, and the raw samples of {@code scrape} when it succeeded. */
  void append(ServerMetricsRow row, Scrape scrape) throws IOException {
    server.write(row.toCsv());
    server.write('\n');
    if (scrape != null) {
      String prefix = scrape.timeMs() + "," + scrape.urlIndex() + ",";
      for (Sample s : scrape.snapshot().allSamples()) {
        raw.write(prefix);
        raw.write(Csv.field(s.name()));
        raw.write(',');
        raw.write(Csv.field(s.labelsText()));
        raw.write(',');
        raw.write(PrometheusNumbers.raw(s.value()));
        raw.write('\n');
      }
    }
  }

  void flush() throws IOException {
    server.flush();
    raw.flush();
  }

  @Override
  public void close() throws IOException {
    try {
      server.close();
    } finally {
      raw.close();
    }
  }
}
