package io.llmload.servermetrics;

import io.llmload.run.GpuRow;
import io.llmload.run.RunFiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NVIDIA dcgm-exporter's /metrics as a {@link MetricsScraper} reads it: the four fields below, per GPU
 * (labels {@code gpu}, {@code UUID}, {@code Hostname}; the old lower-case spellings too), one
 * llm-gpu.csv row per GPU per scrape, and the window in a {@link GpuWindowTracker}. MIG instances are not
 * told apart: the first series of a GPU index in a scrape counts.
 */
public final class GpuScrapes implements ScrapeSink {
  /** Percent, 0-100. */
  public static final String GPU_UTIL = "DCGM_FI_DEV_GPU_UTIL";
  /** MiB. */
  public static final String FB_USED = "DCGM_FI_DEV_FB_USED";
  /** W. */
  public static final String POWER_USAGE = "DCGM_FI_DEV_POWER_USAGE";
  /** mJ since the driver loaded, a counter. */
  public static final String TOTAL_ENERGY = "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION";
  public static final List<String> FIELDS = List.of(GPU_UTIL, FB_USED, POWER_USAGE, TOTAL_ENERGY);

  private final GpuWindowTracker tracker = new GpuWindowTracker(0);

  @Override
  public String file() {
    return RunFiles.GPU;
  }

  @Override
  public String header() {
    return GpuRow.HEADER;
  }

  @Override
  public String rawFile() {
    return RunFiles.GPU_RAW;
  }

  @Override
  public synchronized String accept(Scrape scrape) {
    StringBuilder sb = new StringBuilder();
    for (GpuRow r : rows(scrape)) {
      sb.append(tracker.accept(r).toCsv()).append('\n');
    }
    return sb.toString();
  }

  @Override
  public String failed(int urlIndex, long timeMs, String reason) {
    return "";
  }

  /** The window so far. */
  public synchronized GpuWindow window(String location) {
    return tracker.summarize("url", location);
  }

  /** One row per GPU of a scrape, in the order the GPUs first appear; empty when it holds none of {@link #FIELDS}. */
  public static List<GpuRow> rows(Scrape scrape) {
    Map<String, Double[]> values = new LinkedHashMap<>();
    Map<String, String[]> ids = new LinkedHashMap<>();
    MetricsSnapshot s = scrape.snapshot();
    for (int f = 0; f < FIELDS.size(); f++) {
      for (Sample sample : s.samples(FIELDS.get(f))) {
        String gpu = label(sample, "gpu", "GPU");
        String uuid = label(sample, "UUID", "uuid");
        String key = gpu != null ? gpu : uuid != null ? uuid : "0";
        Double[] v = values.computeIfAbsent(key, k -> new Double[FIELDS.size()]);
        ids.computeIfAbsent(key, k -> new String[] {k, uuid, label(sample, "Hostname", "hostname")});
        if (v[f] == null && !Double.isNaN(sample.value())) {
          v[f] = sample.value();
        }
      }
    }
    List<GpuRow> out = new ArrayList<>();
    for (Map.Entry<String, Double[]> e : values.entrySet()) {
      Double[] v = e.getValue();
      String[] id = ids.get(e.getKey());
      out.add(new GpuRow(scrape.timeMs(), scrape.urlIndex(), id[0], id[1], id[2], v[0], v[1], v[2], v[3], false));
    }
    return out;
  }

  private static String label(Sample s, String name, String other) {
    String v = s.label(name);
    if (v == null) {
      v = s.label(other);
    }
    return v == null || v.isEmpty() ? null : v;
  }
}
