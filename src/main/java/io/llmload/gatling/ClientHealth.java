package io.llmload.gatling;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Watches the load generator itself. Token events are stamped by Gatling's event loops when they get
 * to them: a loop that runs late stamps late, inflating TTFT and bunching ITL. A probe task on every
 * event loop asks to run each {@link #PERIOD_MS} ms and records how late it actually ran; the process
 * CPU load is sampled too. When the loops ran late or the CPU was saturated, the summary says so.
 */
public final class ClientHealth {
  static final long PERIOD_MS = 10;
  /** Lateness above which event stamps may be off by more than the 2 ms the suite is tested to. */
  static final double LATE_P99_MS = 5;
  static final double CPU_SATURATED = 0.90;
  /** A single pause this long shifts the stamps of every event that arrived during it. */
  static final double PAUSE_MS = 10;

  private final Histogram lateness = new Histogram(3_600_000_000L, 3);
  private volatile boolean running;
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private double cpuSum;
  private double cpuMax;
  private long cpuSamples;
  private double lastCpu = Double.NaN;

  /** Starts one probe on each event loop of the group. */
  public synchronized void start(EventLoopGroup group) {
    running = true;
    for (EventExecutor executor : group) {
      probe((EventLoop) executor);
    }
  }

  /** Asks to run in PERIOD_MS and records how much later than that it actually ran; then again. */
  private void probe(EventLoop loop) {
    long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
    loop.schedule(() -> {
      record(Math.max(0, System.nanoTime() - due));
      if (running) {
        probe(loop);
      }
    }, PERIOD_MS, TimeUnit.MILLISECONDS);
  }

  private synchronized void record(long lateNanos) {
    lateness.recordValue(lateNanos / 1000);
  }

  /** Samples the process CPU load (0-1 of all cores); call it every few seconds. */
  public synchronized void sampleCpu() {
    double load = os.getProcessCpuLoad();
    if (load >= 0) {
      lastCpu = load;
      cpuSum += load;
      cpuSamples++;
      cpuMax = Math.max(cpuMax, load);
    }
  }

  public void stop() {
    running = false;
  }

  public synchronized double lateP99Ms() {
    return lateness.getTotalCount() == 0 ? 0 : lateness.getValueAtPercentile(99) / 1000.0;
  }

  public synchronized double lastCpu() {
    return lastCpu;
  }

  /** The "client_health" section of llm-summary.json, with plain-language warnings. */
  public synchronized Map<String, Object> summary() {
    Map<String, Object> out = new LinkedHashMap<>();
    long n = lateness.getTotalCount();
    out.put("event_loop_probes", n);
    // a probe waiting for its next turn sees a pause only from its due time on: a pause can be longer
    // than the lateness measured by up to one period
    out.put("event_loop_probe_period_ms", PERIOD_MS);
    out.put("event_loop_late_p50_ms", n == 0 ? null : lateness.getValueAtPercentile(50) / 1000.0);
    out.put("event_loop_late_p99_ms", n == 0 ? null : lateness.getValueAtPercentile(99) / 1000.0);
    out.put("event_loop_late_max_ms", n == 0 ? null : lateness.getMaxValue() / 1000.0);
    out.put("process_cpu_mean", cpuSamples == 0 ? null : round(cpuSum / cpuSamples));
    out.put("process_cpu_max", cpuSamples == 0 ? null : round(cpuMax));
    out.put("cores", Runtime.getRuntime().availableProcessors());
    List<String> warnings = new ArrayList<>();
    if (n > 0 && lateness.getValueAtPercentile(99) / 1000.0 > LATE_P99_MS) {
      warnings.add(String.format(Locale.ROOT, "the load generator's event loops ran late (p99 %.1f ms, max %.1f ms):"
          + " token events were stamped late, so TTFT may be inflated and ITL bunched by about that much",
          lateness.getValueAtPercentile(99) / 1000.0, lateness.getMaxValue() / 1000.0));
    }
    else if (n > 0 && lateness.getMaxValue() / 1000.0 > PAUSE_MS) {
      warnings.add(String.format(Locale.ROOT, "the load generator paused for %.1f to %.1f ms (event loop p99 %.1f ms):"
          + " events that arrived during such a pause were stamped late by up to that much",
          lateness.getMaxValue() / 1000.0, lateness.getMaxValue() / 1000.0 + PERIOD_MS,
          lateness.getValueAtPercentile(99) / 1000.0));
    }
    if (cpuSamples > 0 && cpuMax >= CPU_SATURATED) {
      warnings.add(String.format(Locale.ROOT, "the load generator's JVM used up to %.0f%% of the machine's CPU"
          + " (mean %.0f%%): the client may have been the bottleneck", cpuMax * 100, cpuSum / cpuSamples * 100));
    }
    out.put("warnings", warnings);
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
