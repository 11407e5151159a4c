package io.llmload.servermetrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parsed /metrics body: families in the order they appeared, plus lookups by sample name.
 * Aggregating helpers sum over label sets (engines, models) and return {@code null}, never 0, when
 * the series is absent. NaN samples are skipped by the aggregations. Immutable.
 */
public final class MetricsSnapshot {
  private final Map<String, MetricFamily> families;
  private final Map<String, List<Sample>> bySampleName;
  private final Map<String, MetricType> typeBySampleName;

  MetricsSnapshot(List<MetricFamily> familyList) {
    Map<String, MetricFamily> fams = new LinkedHashMap<>();
    Map<String, List<Sample>> byName = new LinkedHashMap<>();
    Map<String, MetricType> types = new LinkedHashMap<>();
    for (MetricFamily f : familyList) {
      fams.put(f.name(), f);
      for (Sample s : f.samples()) {
        byName.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s);
        types.put(s.name(), f.type());
      }
    }
    this.families = Collections.unmodifiableMap(fams);
    byName.replaceAll((k, v) -> List.copyOf(v));
    this.bySampleName = Collections.unmodifiableMap(byName);
    this.typeBySampleName = types;
  }

  public Map<String, MetricFamily> families() {
    return families;
  }

  public MetricFamily family(String name) {
    return families.get(name);
  }

  /** Every sample, family by family, in exposition order. */
  public List<Sample> allSamples() {
    List<Sample> all = new ArrayList<>();
    for (MetricFamily f : families.values()) {
      all.addAll(f.samples());
    }
    return all;
  }

  /** The samples with exactly this name (all label sets); empty when absent. */
  public List<Sample> samples(String sampleName) {
    return bySampleName.getOrDefault(sampleName, List.of());
  }

  /** Sum over label sets, or {@code null} when there is no (non-NaN) sample of that name. */
  public Double sum(String sampleName) {
    double total = 0;
    boolean any = false;
    for (Sample s : samples(sampleName)) {
      if (!Double.isNaN(s.value())) {
        total += s.value();
        any = true;
      }
    }
    return any ? total : null;
  }

  /** Maximum over label sets, or {@code null} when absent. */
  public Double max(String sampleName) {
    Double max = null;
    for (Sample s : samples(sampleName)) {
      if (!Double.isNaN(s.value()) && (max == null || s.value() > max)) {
        max = s.value();
      }
    }
    return max;
  }

  /** Sums by the value of one label (e.g. {@code finished_reason}); samples without it count under "". */
  public Map<String, Double> sumByLabel(String sampleName, String labelName) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Sample s : samples(sampleName)) {
      if (!Double.isNaN(s.value())) {
        String key = s.labels().getOrDefault(labelName, "");
        out.merge(key, s.value(), Double::sum);
      }
    }
    return out;
  }

  /** The histogram {@code familyName} summed over label sets, or {@code null} when it has no buckets. */
  public CumulativeHistogram histogram(String familyName) {
    return CumulativeHistogram.fromSamples(
        samples(familyName + "_bucket"), samples(familyName + "_sum"), samples(familyName + "_count"));
  }

  /**
   * Every sample that only ever grows while the server lives (counter values, histogram buckets,
   * sums and counts, summary sums and counts), keyed by {@link Sample#seriesKey()}. A decrease of
   * any of them between two scrapes of one server means the server restarted.
   */
  public Map<String, Double> monotonicSeries() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (MetricFamily f : families.values()) {
      for (Sample s : f.samples()) {
        if (s.name().endsWith("_created") || Double.isNaN(s.value())) {
          continue;
        }
        boolean monotonic = switch (f.type()) {
          case COUNTER, HISTOGRAM -> true;
          case SUMMARY -> s.name().endsWith("_sum") || s.name().endsWith("_count");
          default -> false;
        };
        if (monotonic) {
          out.put(s.seriesKey(), s.value());
        }
      }
    }
    return out;
  }

  /** prometheus_client's {@code *_created} samples (series creation time), keyed by series. */
  public Map<String, Double> createdSeries() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<Sample>> e : bySampleName.entrySet()) {
      if (e.getKey().endsWith("_created")) {
        for (Sample s : e.getValue()) {
          out.put(s.seriesKey(), s.value());
        }
      }
    }
    return out;
  }

  MetricType typeOfSample(String sampleName) {
    return typeBySampleName.get(sampleName);
  }
}
