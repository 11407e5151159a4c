package io.llmload.servermetrics;

/**
 * What a {@link MetricsScraper} does with each scrape besides its own bookkeeping (counts, failures,
 * restarts): the rows of its row file and the figures kept over the window. The server scraper has none
 * (server-metrics.csv and {@link ServerWindowTracker}); the GPU scraper passes a {@link GpuScrapes}.
 * Called on the scraper's thread under its lock, in time order per URL.
 */
public interface ScrapeSink {
  /** The row file (a name of {@link io.llmload.run.RunFiles}). */
  String file();

  /** The row file's header line, without the line break. */
  String header();

  /** The file of every sample of every scrape, long form ({@code time_ms,url_index,name,labels,value}). */
  String rawFile();

  /** Takes a successful scrape; returns its lines for the row file, each ended by a line break (may be empty). */
  String accept(Scrape scrape);

  /** Takes a failed scrape; returns its lines for the row file (may be empty). */
  String failed(int urlIndex, long timeMs, String reason);
}
