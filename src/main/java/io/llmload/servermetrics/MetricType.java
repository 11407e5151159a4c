package io.llmload.servermetrics;

import java.util.Locale;

/** The metric types of the Prometheus text exposition format ({@code # TYPE name <type>}). */
public enum MetricType {
  COUNTER,
  GAUGE,
  HISTOGRAM,
  SUMMARY,
  UNTYPED;

  /** Parses the word of a {@code # TYPE} line; {@code null} when it is not one of the five types. */
  static MetricType fromTypeWord(String word) {
    return switch (word.toLowerCase(Locale.ROOT)) {
      case "counter" -> COUNTER;
      case "gauge" -> GAUGE;
      case "histogram" -> HISTOGRAM;
      case "summary" -> SUMMARY;
      case "untyped", "unknown" -> UNTYPED;
      default -> null;
    };
  }
}
