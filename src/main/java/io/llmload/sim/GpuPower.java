package io.llmload.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The simulated GPUs and their power, tied to the batch: every GPU runs the whole batch (tensor parallel),
 * so each draws {@code P(n) = min(maxW, idleW + wattsPerSeq × n)} W while n sequences run. Energy is that
 * power integrated exactly on the simulator's clock (System.nanoTime): at every change of n (and at every
 * read) the elapsed time × the power of the n that held is added. Each change is also kept in a power log
 * ({@link #log()}, the first {@link #LOG_CAPACITY} changes), so a test can integrate the same model itself over
 * any span and know the joules a run used.
 *
 * <p>{@code GET /dcgm/metrics} renders it as NVIDIA dcgm-exporter does ({@link #render}): per GPU
 * DCGM_FI_DEV_GPU_UTIL (%: the power above idle over the range, 100 × (P − idle) / (max − idle)),
 * DCGM_FI_DEV_FB_USED (MiB: 90 % of an 80 GB card, as vLLM's gpu_memory_utilization 0.9 preallocates),
 * DCGM_FI_DEV_POWER_USAGE (W) and DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION (mJ since start, whole mJ, left out
 * with sim.gpuEnergyCounter=false), labels gpu, UUID, pci_bus_id, device, modelName, Hostname; and
 * {@link #SCRAPE_SERIES}, the scrape's index in {@link #scrapeNanos()}.
 */
public final class GpuPower {
  /** Power-log entries kept; later changes are integrated but not logged ({@link #logDropped()}). */
  public static final int LOG_CAPACITY = 200_000;
  /** MiB an H100 80GB reports as its frame buffer. */
  static final double FB_TOTAL_MIB = 81_559;
  static final double FB_USED_MIB = Math.floor(FB_TOTAL_MIB * 0.9);
  /** The index of the scrape in {@link #scrapeNanos()}, so a test can tell which scrapes a client kept. */
  public static final String SCRAPE_SERIES = "llmload_sim_scrape";

  /**
   * One change of the batch.
   *
   * @param nanos   System.nanoTime() of the change
   * @param running sequences running from then on
   * @param watts   each GPU's power from then on
   */
  public record Step(long nanos, int running, double watts) {
  }

  private final int gpus;
  private final double idleW;
  private final double wattsPerSeq;
  private final double maxW;
  private final boolean energyCounter;
  private final LongSupplier clock;
  private final List<Step> log = new ArrayList<>();
  private long logDropped;
  private final List<Long> scrapes = new ArrayList<>();
  private long lastNanos;
  private int running;
  private double joules;

  GpuPower(SimConfig cfg, LongSupplier clock) {
    this(cfg.gpus(), cfg.gpuIdleW(), cfg.gpuWattsPerSeq(), cfg.gpuMaxW(), cfg.gpuEnergyCounter(), clock);
  }

  GpuPower(int gpus, double idleW, double wattsPerSeq, double maxW, boolean energyCounter, LongSupplier clock) {
    this.gpus = gpus;
    this.idleW = idleW;
    this.wattsPerSeq = wattsPerSeq;
    this.maxW = maxW;
    this.energyCounter = energyCounter;
    this.clock = clock;
    this.lastNanos = clock.getAsLong();
    log.add(new Step(lastNanos, 0, watts(0)));
  }

  /** Each GPU's power with {@code n} sequences running. */
  public double watts(int n) {
    return Math.min(maxW, idleW + wattsPerSeq * n);
  }

  public int gpus() {
    return gpus;
  }

  /** A sequence started (+1) or ended (−1): the fixed mode, whose event loops change the count concurrently. */
  synchronized void add(int delta) {
    change(running + delta);
  }

  /** The batch now holds {@code n} sequences: the batching engine, one thread. */
  synchronized void set(int n) {
    if (n != running) {
      change(n);
    }
  }

  private void change(int n) {
    long now = advance();
    running = Math.max(0, n);
    if (log.size() < LOG_CAPACITY) {
      log.add(new Step(now, running, watts(running)));
    } else {
      logDropped++;
    }
  }

  /** Integrates up to now; returns now. */
  private long advance() {
    long now = Math.max(lastNanos, clock.getAsLong());
    joules += watts(running) * (now - lastNanos) / 1e9;
    lastNanos = now;
    return now;
  }

  /** Each GPU's energy since the simulator started, J, integrated up to now. */
  public synchronized double joulesPerGpu() {
    advance();
    return joules;
  }

  /** The batch changes so far (the first {@link #LOG_CAPACITY}), oldest first, starting with the idle state. */
  public synchronized List<Step> log() {
    return List.copyOf(log);
  }

  public synchronized long logDropped() {
    return logDropped;
  }

  /** System.nanoTime() of every {@code GET /dcgm/metrics} served (the first {@link #LOG_CAPACITY}), oldest first. */
  public synchronized List<Long> scrapeNanos() {
    return List.copyOf(scrapes);
  }

  /** The dcgm-exporter text of every GPU, now. */
  synchronized String render() {
    long now = advance();
    long seq = scrapes.size();
    if (scrapes.size() < LOG_CAPACITY) {
      scrapes.add(now);
    }
    double w = watts(running);
    double util = maxW > idleW ? 100 * (w - idleW) / (maxW - idleW) : 0;
    long mj = (long) Math.floor(joules * 1000);
    StringBuilder sb = new StringBuilder(1024 + 1024 * gpus);
    family(sb, "DCGM_FI_DEV_GPU_UTIL", "gauge", "GPU utilization (in %).");
    for (int i = 0; i < gpus; i++) {
      sample(sb, "DCGM_FI_DEV_GPU_UTIL", i, String.format(Locale.ROOT, "%d", Math.round(util)));
    }
    family(sb, "DCGM_FI_DEV_FB_USED", "gauge", "Framebuffer memory used (in MiB).");
    for (int i = 0; i < gpus; i++) {
      sample(sb, "DCGM_FI_DEV_FB_USED", i, String.format(Locale.ROOT, "%d", (long) FB_USED_MIB));
    }
    family(sb, "DCGM_FI_DEV_POWER_USAGE", "gauge", "Power draw (in W).");
    for (int i = 0; i < gpus; i++) {
      sample(sb, "DCGM_FI_DEV_POWER_USAGE", i, String.format(Locale.ROOT, "%.6f", w));
    }
    if (energyCounter) {
      family(sb, "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", "counter", "Total energy consumption since boot (in mJ).");
      for (int i = 0; i < gpus; i++) {
        sample(sb, "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", i, Long.toString(mj));
      }
    }
    family(sb, SCRAPE_SERIES, "gauge", "Index of this scrape in the simulator's scrape log (not a dcgm field).");
    sb.append(SCRAPE_SERIES).append(' ').append(seq).append('\n');
    return sb.toString();
  }

  private static void family(StringBuilder sb, String name, String type, String help) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(StringBuilder sb, String name, int gpu, String value) {
    sb.append(name).append("{gpu=\"").append(gpu).append("\",UUID=\"").append(uuid(gpu))
        .append("\",pci_bus_id=\"00000000:").append(String.format(Locale.ROOT, "%02X", gpu + 1))
        .append(":00.0\",device=\"nvidia").append(gpu).append("\",modelName=\"Simulated GPU\",Hostname=\"llmload-sim\"} ")
        .append(value).append('\n');
  }

  static String uuid(int gpu) {
    return String.format(Locale.ROOT, "GPU-00000000-0000-4000-8000-%012d", gpu);
  }
}
