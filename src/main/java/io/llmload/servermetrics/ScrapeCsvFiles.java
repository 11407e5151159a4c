package io.llmload.servermetrics;

import io.llmload.run.ServerMetricsRow;
import io.llmload.csv.Csv;
import io.llmload.run.CsvAppender;
import io.llmload.run.RunFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * server-metrics.csv (one row per scrape per URL) and server-metrics-raw.csv (every sample of every
 * scrape, long form). A scrape's rows are built in memory and each file gets them in one write
 * ({@link CsvAppender}), so a killed run keeps what it scraped and a failed write leaves no partial row.
 */
final class ScrapeCsvFiles implements Closeable {
  static final String RAW_HEADER = "time_ms,url_index,name,labels,value";

  private final CsvAppender server;
  private final CsvAppender raw;

  ScrapeCsvFiles(Path dir) throws IOException {
    this(dir, CsvAppender.FILES);
  }

  ScrapeCsvFiles(Path dir, CsvAppender.Opener opener) throws IOException {
    Files.createDirectories(dir);
    server = new CsvAppender(dir.resolve(RunFiles.SERVER_METRICS), ServerMetricsRow.HEADER + "\n", opener);
    CsvAppender r;
    try {
      r = new CsvAppender(dir.resolve(RunFiles.SERVER_METRICS_RAW), RAW_HEADER + "\n", opener);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    raw = r;
  }

  /**
   * Appends one row, and the raw samples of {@code scrape} when it succeeded. A file that cannot take its
   * rows is left as it was before the call, and the first failure is thrown after both files were tried.
   */
  void append(ServerMetricsRow row, Scrape scrape) throws IOException {
    IOException failure = null;
    try {
      server.append(row.toCsv() + "\n");
    } catch (IOException e) {
      failure = e;
    }
    if (scrape != null) {
      String prefix = scrape.timeMs() + "," + scrape.urlIndex() + ",";
      StringBuilder rows = new StringBuilder();
      for (Sample s : scrape.snapshot().allSamples()) {
        rows.append(prefix).append(Csv.field(s.name())).append(',').append(Csv.field(s.labelsText())).append(',')
            .append(PrometheusNumbers.raw(s.value())).append('\n');
      }
      try {
        raw.append(rows.toString());
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Nothing to do: {@link #append} writes each scrape's rows whole, unbuffered. */
  void flush() throws IOException {
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
