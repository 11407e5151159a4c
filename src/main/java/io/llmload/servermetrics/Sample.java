package io.llmload.servermetrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One sample line: {@code name{labels} value [timestamp]}.
 *
 * @param name        the sample name as written (for histograms {@code x_bucket}, {@code x_sum}, ...)
 * @param labels      label names to unescaped values, in the order written
 * @param value       the value; may be NaN or ±Infinity
 * @param timestampMs the optional exposition timestamp (ms), {@code null} when absent
 */
public record Sample(String name, Map<String, String> labels, double value, Long timestampMs) {

  public Sample {
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
  }

  /** The value of one label, or {@code null}. */
  public String label(String labelName) {
    return labels.get(labelName);
  }

  /** Labels rendered as {@code k="v",…} sorted by name, values escaped as in the text format. */
  public String labelsText() {
    return renderLabels(new TreeMap<>(labels), null);
  }

  /** A key identifying the series (name + sorted labels), for matching across scrapes. */
  public String seriesKey() {
    return name + "{" + labelsText() + "}";
  }

  /** The labels without {@code except}, sorted and rendered: groups the buckets of one histogram series. */
  String labelsTextWithout(String except) {
    return renderLabels(new TreeMap<>(labels), except);
  }

  private static String renderLabels(Map<String, String> sorted, String except) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      if (e.getKey().equals(except)) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(e.getKey()).append("=\"").append(escapeLabelValue(e.getValue())).append('"');
    }
    return sb.toString();
  }

  static String escapeLabelValue(String v) {
    StringBuilder sb = new StringBuilder(v.length() + 4);
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
