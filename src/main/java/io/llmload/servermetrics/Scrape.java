package io.llmload.servermetrics;

/**
 * One successful scrape of one server.
 *
 * @param urlIndex which of the configured URLs (replicas), 0-based
 * @param timeMs   epoch ms on the supplied clock (Gatling's) when the request was sent
 */
public record Scrape(int urlIndex, long timeMs, MetricsSnapshot snapshot) {
}
