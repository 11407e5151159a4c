package io.llmload.run;

import io.llmload.csv.Csv;
import io.llmload.metrics.Numbers;

/**
 * One row of llm-gpu.csv: one GPU at one sample time, as the GPU telemetry (servermetrics.GpuScrapes for
 * dcgm-exporter, servermetrics.NvidiaSmiCsv for an nvidia-smi file) writes it and {@link RunFolder} reads it
 * back. A figure the source did not give is {@code null} (an empty cell).
 *
 * @param timeMs       epoch ms of the sample (the scrape's send time on Gatling's clock; nvidia-smi's timestamp)
 * @param urlIndex     which llm.gpuMetricsUrl (node) it came from, 0-based; 0 for a file
 * @param gpu          the GPU's index on its node (dcgm's {@code gpu} label, nvidia-smi's {@code index})
 * @param uuid         the GPU's UUID (may be null)
 * @param hostname     the node's host name as the exporter gave it (may be null)
 * @param utilPct      GPU utilisation, percent (0-100)
 * @param memUsedMib   frame buffer used, MiB
 * @param powerW       power draw, W
 * @param energyMj     the total energy counter, mJ since the driver loaded (dcgm only)
 * @param counterReset true when the energy counter went down since this GPU's previous row
 */
public record GpuRow(long timeMs, int urlIndex, String gpu, String uuid, String hostname, Double utilPct,
                     Double memUsedMib, Double powerW, Double energyMj, boolean counterReset) {

  public static final String HEADER =
      "time_ms,url_index,gpu,uuid,hostname,util_pct,mem_used_mib,power_w,energy_mj,counter_reset";

  /** The key that tells GPUs apart across nodes: {@code <url_index>/<gpu>}. */
  public String key() {
    return urlIndex + "/" + gpu;
  }

  public String toCsv() {
    return timeMs + "," + urlIndex + "," + Csv.field(Csv.text(gpu)) + "," + Csv.field(Csv.text(uuid)) + ","
        + Csv.field(Csv.text(hostname)) + ","
        + Numbers.rounded(utilPct, 3, "") + ","
        + Numbers.rounded(memUsedMib, 3, "") + ","
        + Numbers.rounded(powerW, 3, "") + ","
        + Numbers.rounded(energyMj, 3, "") + ","
        + counterReset;
  }
}
