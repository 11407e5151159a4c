package io.llmload.servermetrics;

import io.llmload.run.GpuRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accumulates GPU samples ({@link GpuRow}, from dcgm-exporter scrapes or an nvidia-smi file) into the
 * figures of {@link GpuWindow}, in constant memory per GPU: the energy counter's increases, the trapezoid
 * integral of power, the utilisation sum and the largest memory used, each GPU's first and last sample.
 *
 * <p>Energy counter resets (a value lower than the GPU's previous one: driver reload, exporter restarted on
 * another counter base) add nothing for that step and are counted, as {@link ServerWindowTracker} does for
 * vLLM's counters: the energy between the last sample before and the first after is lost, not guessed. A
 * GPU seen in only part of the window (it appears late or disappears) counts the span it was seen and is
 * named in {@link GpuWindow#notes()}. Rows must come in time order per GPU. Not thread-safe.
 */
public final class GpuWindowTracker {
  /** DCGM writes "blank" (not supported, not yet sampled) as huge sentinels (≥ 2^47 for doubles); treat them as absent. */
  static final double DCGM_BLANK = 140_737_488_355_328.0;

  private final Map<String, GpuState> gpus = new LinkedHashMap<>();
  private final long edgeToleranceMs;

  /**
   * @param edgeToleranceMs a GPU whose first (last) sample is within this of the window's start (end) counts as
   *                        seen over the whole window: 0 for scrapes (every GPU of a scrape shares its time), about
   *                        one sampling period for nvidia-smi lines
   */
  public GpuWindowTracker(long edgeToleranceMs) {
    this.edgeToleranceMs = edgeToleranceMs;
  }

  private static final class GpuState {
    final String key;
    final String gpu;
    final int urlIndex;
    String uuid;
    String hostname;
    long firstMs;
    long lastMs;
    long samples;
    long counterSamples;
    Double lastEnergyMj;
    double counterMj;
    int resets;
    /** Samples whose counter equalled the previous one while the GPU drew power: the exporter had not re-read it. */
    long stale;
    long powerSamples;
    Long lastPowerMs;
    Double lastPowerW;
    double powerJ;
    double utilSum;
    long utilSamples;
    Double memMaxMib;

    GpuState(GpuRow r) {
      key = r.key();
      gpu = r.gpu();
      urlIndex = r.urlIndex();
      firstMs = r.timeMs();
    }
  }

  /** Takes one sample; returns it with {@code counterReset} set when its energy counter went down. */
  public GpuRow accept(GpuRow raw) {
    GpuRow r = new GpuRow(raw.timeMs(), raw.urlIndex(), raw.gpu(), raw.uuid(), raw.hostname(), clean(raw.utilPct()),
        clean(raw.memUsedMib()), clean(raw.powerW()), clean(raw.energyMj()), false);
    GpuState st = gpus.computeIfAbsent(r.key(), k -> new GpuState(r));
    st.uuid = r.uuid() != null ? r.uuid() : st.uuid;
    st.hostname = r.hostname() != null ? r.hostname() : st.hostname;
    st.lastMs = Math.max(st.lastMs, r.timeMs());
    st.samples++;
    boolean reset = false;
    if (r.energyMj() != null) {
      st.counterSamples++;
      if (st.lastEnergyMj != null) {
        if (r.energyMj() < st.lastEnergyMj) {
          reset = true;
          st.resets++;
        } else {
          st.counterMj += r.energyMj() - st.lastEnergyMj;
          if (r.energyMj().equals(st.lastEnergyMj) && r.powerW() != null && r.powerW() > 0) {
            st.stale++;
          }
        }
      }
      st.lastEnergyMj = r.energyMj();
    }
    if (r.powerW() != null) {
      st.powerSamples++;
      if (st.lastPowerW != null && r.timeMs() > st.lastPowerMs) {
        st.powerJ += (st.lastPowerW + r.powerW()) / 2 * (r.timeMs() - st.lastPowerMs) / 1000.0;
      }
      st.lastPowerW = r.powerW();
      st.lastPowerMs = r.timeMs();
    }
    if (r.utilPct() != null) {
      st.utilSum += r.utilPct();
      st.utilSamples++;
    }
    if (r.memUsedMib() != null && (st.memMaxMib == null || r.memUsedMib() > st.memMaxMib)) {
      st.memMaxMib = r.memUsedMib();
    }
    return reset ? new GpuRow(r.timeMs(), r.urlIndex(), r.gpu(), r.uuid(), r.hostname(), r.utilPct(), r.memUsedMib(),
        r.powerW(), r.energyMj(), true) : r;
  }

  private static Double clean(Double v) {
    return v == null || !Double.isFinite(v) || v < 0 || v >= DCGM_BLANK ? null : v;
  }

  /** Whether any sample was taken. */
  public boolean isEmpty() {
    return gpus.isEmpty();
  }

  /** The figures so far; {@code source} is "url" or "file", {@code location} the redacted URLs or the path. */
  public GpuWindow summarize(String source, String location) {
    Long start = null;
    Long end = null;
    for (GpuState st : gpus.values()) {
      start = start == null ? st.firstMs : Math.min(start, st.firstMs);
      end = end == null ? st.lastMs : Math.max(end, st.lastMs);
    }
    List<GpuWindow.PerGpu> per = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (GpuState st : gpus.values()) {
      double spanS = (st.lastMs - st.firstMs) / 1000.0;
      String method = null;
      Double energyJ = null;
      if (st.counterSamples == st.samples && st.samples >= 2) {
        method = GpuWindow.COUNTER;
        energyJ = st.counterMj / 1000.0;
      } else if (st.powerSamples >= 2 && st.lastPowerMs != null && st.lastPowerMs > st.firstMs) {
        method = GpuWindow.POWER;
        energyJ = st.powerJ;
        if (st.counterSamples > 0) {
          notes.add("GPU " + st.key + ": the energy counter was missing from " + (st.samples - st.counterSamples)
              + " of " + st.samples + " samples; energy integrated from power instead");
        }
      } else {
        notes.add("GPU " + st.key + ": fewer than two samples with an energy counter or a power draw; no energy figure");
      }
      Double avgPower = energyJ != null && spanS > 0 ? energyJ / spanS : null;
      if (st.stale > 0 && GpuWindow.COUNTER.equals(method)) {
        notes.add("GPU " + st.key + ": the energy counter stood still in " + st.stale + " of " + (st.counterSamples - 1)
            + " steps while the GPU drew power: the exporter collects less often than it is scraped (dcgm-exporter:"
            + " every 30 s by default; run it with -c 1000), so the window's edges may be off by up to one collection"
            + " interval of energy");
      }
      if (st.resets > 0) {
        notes.add("GPU " + st.key + ": the energy counter went down " + st.resets + " time(s) (reset); the energy"
            + " between the sample before and the one after each reset is not counted");
      }
      if (start != null && (st.firstMs > start + edgeToleranceMs || st.lastMs < end - edgeToleranceMs)) {
        notes.add("GPU " + st.key + (st.uuid == null ? "" : " (" + st.uuid + ")") + " was seen from +"
            + seconds(st.firstMs - start) + " s to +" + seconds(st.lastMs - start) + " s of the " + seconds(end - start)
            + " s window only (it appeared or disappeared): its energy counts that span");
      }
      per.add(new GpuWindow.PerGpu(st.gpu, st.urlIndex, st.uuid, st.hostname, method, st.samples, st.firstMs,
          st.lastMs, energyJ, avgPower, st.utilSamples == 0 ? null : st.utilSum / st.utilSamples,
          st.memMaxMib == null ? null : Math.round(st.memMaxMib * 1024 * 1024), st.resets));
    }
    if (gpus.isEmpty()) {
      notes.add("no GPU sample was taken in the run window: no energy figure");
    }
    return new GpuWindow(source, location, start, end, per, notes);
  }

  private static String seconds(long ms) {
    return io.llmload.metrics.Numbers.rounded(ms / 1000.0, 3);
  }
}
