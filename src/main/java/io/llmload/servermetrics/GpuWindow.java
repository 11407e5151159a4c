package io.llmload.servermetrics;

import io.llmload.metrics.Definitions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GPUs' energy over the run window ({@link GpuWindowTracker}); {@link #asMap} adds the per-token and
 * per-request figures and gives the root "gpu" object of llm-summary.json. Formulas:
 * {@link Definitions#gpu()}. Unknown figures are {@code null}, never 0.
 *
 * @param source   "url" (dcgm-exporter, llm.gpuMetricsUrl) or "file" (nvidia-smi, llm.gpuMetricsFile)
 * @param location the URLs (redacted) or the file's path
 * @param startMs  earliest first sample of any GPU (epoch ms), null when nothing was sampled
 * @param endMs    latest last sample of any GPU
 * @param notes    what the figures leave out: resets, GPUs seen over part of the window, missing counters
 */
public record GpuWindow(String source, String location, Long startMs, Long endMs, List<PerGpu> perGpu,
                        List<String> notes) {
  /** Energy from the difference of DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION. */
  public static final String COUNTER = "energy_counter";
  /** Energy from the trapezoid integral of the power draw. */
  public static final String POWER = "power_integral";

  /**
   * One GPU over the span it was seen.
   *
   * @param gpu            its index on its node
   * @param urlIndex       its node (which URL; 0 for a file)
   * @param method         {@link #COUNTER} or {@link #POWER}; null when there is no energy figure
   * @param energyJ        joules over [firstMs, lastMs]
   * @param avgPowerW      energyJ / (lastMs - firstMs)
   * @param utilAvg        mean utilisation sample, percent
   * @param memUsedMaxBytes largest frame buffer used
   */
  public record PerGpu(String gpu, int urlIndex, String uuid, String hostname, String method, long samples,
                       long firstMs, long lastMs, Double energyJ, Double avgPowerW, Double utilAvg,
                       Long memUsedMaxBytes, int counterResets) {
  }

  public GpuWindow {
    perGpu = List.copyOf(perGpu);
    notes = List.copyOf(notes);
  }

  public Double windowS() {
    return startMs == null || endMs <= startMs ? null : (endMs - startMs) / 1000.0;
  }

  /** Σ energy over GPUs; null when no GPU has an energy figure. */
  public Double energyJ() {
    Double total = null;
    for (PerGpu g : perGpu) {
      if (g.energyJ() != null) {
        total = (total == null ? 0 : total) + g.energyJ();
      }
    }
    return total;
  }

  /** Σ average power over GPUs. */
  public Double avgPowerW() {
    Double total = null;
    for (PerGpu g : perGpu) {
      if (g.avgPowerW() != null) {
        total = (total == null ? 0 : total) + g.avgPowerW();
      }
    }
    return total;
  }

  /** {@link #COUNTER}, {@link #POWER}, "mixed" when GPUs differ, null when none has a figure. */
  public String method() {
    String m = null;
    for (PerGpu g : perGpu) {
      if (g.method() != null) {
        if (m != null && !m.equals(g.method())) {
          return "mixed";
        }
        m = g.method();
      }
    }
    return m;
  }

  /** energy / output tokens; null without both. */
  public static Double per(Double energyJ, long count) {
    return energyJ == null || count <= 0 ? null : energyJ / count;
  }

  /**
   * The root "gpu" object of llm-summary.json.
   *
   * @param outputTokens totals.output_tokens (ok measured calls)
   * @param okCalls      totals.ok
   */
  public Map<String, Object> asMap(long outputTokens, long okCalls) {
    Double energy = energyJ();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", source);
    m.put("location", location);
    m.put("method", method());
    m.put("gpus", perGpu.size());
    m.put("window_s", round(windowS(), 3));
    m.put("start_ms", startMs);
    m.put("end_ms", endMs);
    m.put("energy_j", round(energy, 3));
    m.put("avg_power_w", round(avgPowerW(), 3));
    m.put("output_tokens", outputTokens);
    m.put("requests", okCalls);
    m.put("joules_per_output_token", round(per(energy, outputTokens), 6));
    m.put("joules_per_request", round(per(energy, okCalls), 6));
    m.put("output_tokens_per_joule", energy == null || energy <= 0 ? null : round(outputTokens / energy, 6));
    List<Object> gpus = new ArrayList<>();
    for (PerGpu g : perGpu) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("gpu", g.gpu());
      p.put("url_index", g.urlIndex());
      p.put("uuid", g.uuid());
      p.put("hostname", g.hostname());
      p.put("method", g.method());
      p.put("samples", g.samples());
      p.put("first_ms", g.firstMs());
      p.put("last_ms", g.lastMs());
      p.put("energy_j", round(g.energyJ(), 3));
      p.put("avg_power_w", round(g.avgPowerW(), 3));
      p.put("util_avg", round(g.utilAvg(), 3));
      p.put("mem_used_max_bytes", g.memUsedMaxBytes());
      p.put("counter_resets", g.counterResets());
      gpus.add(p);
    }
    m.put("per_gpu", gpus);
    m.put("notes", notes);
    m.put("definitions", Definitions.gpu());
    return m;
  }

  private static Double round(Double v, int decimals) {
    if (v == null || !Double.isFinite(v)) {
      return null;
    }
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }
}
