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
 * scrape, long form), or another pair of files of the same shape (the GPU scraper's llm-gpu.csv and
 * llm-gpu-raw.csv, {@link ScrapeSink}). A scrape's rows are built in memory and each file gets them in one write
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
    this(dir, RunFiles.SERVER_METRICS, ServerMetricsRow.HEADER, RunFiles.SERVER_METRICS_RAW, opener);
  }

  /** A row file {@code file} with {@code header}, and the raw samples in {@code rawFile}. */
  ScrapeCsvFiles(Path dir, String file, String header, String rawFile, CsvAppender.Opener opener) throws IOException {
    Files.createDirectories(dir);
    server = new CsvAppender(dir.resolve(file), header + "\n", opener);
    CsvAppender r;
    try {
      r = new CsvAppender(dir.resolve(rawFile), RAW_HEADER + "\n", opener);
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
    append(row.toCsv() + "\n", scrape);
  }

  /** As {@link #append(ServerMetricsRow, Scrape)} with the row file's lines already rendered (may be empty). */
  void append(String lines, Scrape scrape) throws IOException {
    IOException failure = null;
    try {
      if (!lines.isEmpty()) {
        server.append(lines);
      }
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
