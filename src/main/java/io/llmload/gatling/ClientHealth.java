package io.llmload.gatling;

import io.llmload.metrics.ClientPause;
import io.llmload.metrics.PauseJudgement;
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
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Watches the load generator itself. Token events are stamped by Gatling's event loops when they get
 * to them: a loop that runs late stamps late. A probe task on every event loop asks to run each
 * {@link #PERIOD_MS} ms (or each pause threshold, when that is shorter) and records how late it actually
 * ran. A probe at least the pause threshold late is recorded as a {@link ClientPause}, from the previous
 * probe's run (the loop's last responsive moment) to the next probe's run (by then the loop has read what
 * arrived meanwhile), on Gatling's clock. The process CPU load is sampled too. What the pauses did to the
 * measured calls is decided at the run's end from the calls the run recorded
 * ({@link io.llmload.run.CallPauses}, {@link io.llmload.metrics.PauseJudge}); this class only measures.
 * A stamp outside every recorded pause was taken less than threshold + period after its data could be read
 * (the probe's blind spot: a delay that starts just after a probe ran and ends less than the threshold
 * after the next one was due is not recorded).
 */
public final class ClientHealth {
  static final long PERIOD_MS = 5;
  /** Lateness above which, at p99 over the measured load, every stamp may be off by more than the suite is tested to. */
  static final double LATE_P99_MS = 5;
  static final double CPU_SATURATED = 0.90;
  /** The default pause threshold (llm.clientPauseMs): a probe this late is recorded as a pause. */
  public static final double PAUSE_MS = 10;
  /** Pauses kept; more are counted, not kept. */
  static final int MAX_PAUSES = 100_000;

  private final double pauseMs;
  private final long periodNanos;
  private final LongSupplier clockMs;
  private final Histogram lateness = new Histogram(3_600_000_000L, 3);
  private final Histogram measuredLateness = new Histogram(3_600_000_000L, 3);
  private final List<ClientPause> pauses = new ArrayList<>();
  private long pausesDropped;
  private volatile boolean running;
  private volatile boolean measuring;
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private double cpuSum;
  private double cpuMax;
  private long cpuSamples;
  private double lastCpu = Double.NaN;

  /**
   * @param pauseMs a probe at least this late is a pause
   * @param clockMs Gatling's clock (epoch ms), the one calls and events are stamped on
   */
  public ClientHealth(double pauseMs, LongSupplier clockMs) {
    this.pauseMs = pauseMs;
    this.periodNanos = Math.round(Math.min(PERIOD_MS, pauseMs) * 1e6);
    this.clockMs = clockMs;
  }

  /** How often each probe asks to run: {@link #PERIOD_MS}, or the pause threshold when that is shorter. */
  public double periodMs() {
    return periodNanos / 1e6;
  }

  /** Starts one probe on each event loop of the group. */
  public synchronized void start(EventLoopGroup group) {
    running = true;
    int index = 0;
    for (EventExecutor executor : group) {
      EventLoop loop = (EventLoop) executor;
      int n = index++;
      loop.execute(() -> probe(loop, n, System.nanoTime(), clockMs.getAsLong()));
    }
  }

  /** From now on the lateness is also counted as the measured load's (the first measured user started). */
  public void measuredLoadStarted() {
    measuring = true;
  }

  /**
   * Asks to run in one period and records how much later than that it actually ran; then again. A late
   * probe opens a pause from the previous probe's run; the next probe's run closes it: a loop that gets to
   * its overdue tasks first (Netty runs tasks that fell due while it was stopped before it reads its
   * sockets again) stamps what arrived during the stop only after the late probe ran.
   */
  private void probe(EventLoop loop, int index, long lastNanos, long lastMs) {
    long due = System.nanoTime() + periodNanos;
    loop.schedule(() -> {
      long now = System.nanoTime();
      long nowMs = clockMs.getAsLong();
      record(index, Math.max(0, now - due), lastNanos, lastMs, now, nowMs);
      if (running) {
        probe(loop, index, now, nowMs);
      }
    }, periodNanos, TimeUnit.NANOSECONDS);
  }

  /** Per loop: the index in {@link #pauses} of the pause its last probe opened (absent when none is open). */
  private final Map<Integer, Integer> open = new java.util.HashMap<>();
  /** Per loop: when the open pause began (nanoTime). */
  private final Map<Integer, Long> openNanos = new java.util.HashMap<>();

  private synchronized void record(int loop, long lateNanos, long lastNanos, long lastMs, long now, long nowMs) {
    lateness.recordValue(lateNanos / 1000);
    if (measuring) {
      measuredLateness.recordValue(lateNanos / 1000);
    }
    Integer opened = open.remove(loop);
    if (opened != null) {
      ClientPause p = pauses.get(opened);
      pauses.set(opened, new ClientPause(loop, p.startMs(), Math.max(p.startMs(), nowMs),
          (now - openNanos.remove(loop)) / 1e6));
    }
    if (lateNanos / 1e6 >= pauseMs) {
      if (pauses.size() < MAX_PAUSES) {
        open.put(loop, pauses.size());
        openNanos.put(loop, lastNanos);
        pauses.add(new ClientPause(loop, lastMs, Math.max(lastMs, nowMs), (now - lastNanos) / 1e6));
      } else {
        pausesDropped++;
      }
    }
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

  public double pauseMs() {
    return pauseMs;
  }

  /** Every pause recorded so far (at most {@link #MAX_PAUSES}). */
  public synchronized List<ClientPause> pauses() {
    return List.copyOf(pauses);
  }

  public synchronized double lateP99Ms() {
    return lateness.getTotalCount() == 0 ? 0 : lateness.getValueAtPercentile(99) / 1000.0;
  }

  public synchronized double lastCpu() {
    return lastCpu;
  }

  /** Whether the JVM used at least {@link #CPU_SATURATED} of the machine's CPU in some sample. */
  public synchronized boolean cpuSaturated() {
    return cpuSamples > 0 && cpuMax >= CPU_SATURATED;
  }

  /**
   * The "client_health" section of llm-summary.json: the probe's figures, the pauses as judged against
   * the measured calls, and plain-language warnings of what happened to measured figures only.
   *
   * @param judged the pauses against the run's calls; null when they could not be judged ({@code why})
   */
  public synchronized Map<String, Object> summary(PauseJudgement judged, String why) {
    Map<String, Object> out = new LinkedHashMap<>();
    long n = lateness.getTotalCount();
    out.put("event_loop_probes", n);
    // a probe waiting for its next turn sees a pause only from its due time on: a pause can be longer
    // than the lateness measured by up to one period (a recorded pause runs from the previous probe on)
    out.put("event_loop_probe_period_ms", periodMs());
    out.put("event_loop_late_p50_ms", n == 0 ? null : lateness.getValueAtPercentile(50) / 1000.0);
    out.put("event_loop_late_p99_ms", n == 0 ? null : lateness.getValueAtPercentile(99) / 1000.0);
    out.put("event_loop_late_max_ms", n == 0 ? null : lateness.getMaxValue() / 1000.0);
    long m = measuredLateness.getTotalCount();
    out.put("event_loop_late_p99_measured_ms", m == 0 ? null : measuredLateness.getValueAtPercentile(99) / 1000.0);
    out.put("event_loop_late_max_measured_ms", m == 0 ? null : measuredLateness.getMaxValue() / 1000.0);
    out.put("process_cpu_mean", cpuSamples == 0 ? null : round(cpuSum / cpuSamples));
    out.put("process_cpu_max", cpuSamples == 0 ? null : round(cpuMax));
    out.put("cores", Runtime.getRuntime().availableProcessors());
    out.put("cpu_saturated", cpuSaturated());
    out.put("pause_threshold_ms", pauseMs);
    out.put("pauses_dropped", pausesDropped);
    List<String> warnings = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    if (judged != null) {
      out.put("pauses", judged.asMap());
      warnings.addAll(judged.warnings());
      notes.addAll(judged.notes());
    } else if (!pauses.isEmpty()) {
      warnings.add(String.format(Locale.ROOT, "the client paused %d times for %s ms or more, and the pauses could not"
          + " be set against the measured calls (%s): any figure may be late by up to %.1f ms", pauses.size(),
          io.llmload.metrics.Numbers.plain(pauseMs), why,
          pauses.stream().mapToDouble(ClientPause::lengthMs).max().orElse(0)));
    }
    if (pausesDropped > 0) {
      warnings.add(String.format(Locale.ROOT, "the client paused more than %d times (%d more were not kept): the"
          + " calls after the last kept pause were not judged; the load generator was overloaded", MAX_PAUSES,
          pausesDropped));
    }
    if (m > 0 && measuredLateness.getValueAtPercentile(99) / 1000.0 > LATE_P99_MS) {
      warnings.add(String.format(Locale.ROOT, "the load generator's event loops ran late through the measured load"
          + " (p99 %.1f ms, max %.1f ms): any stamp may be late by about that much",
          measuredLateness.getValueAtPercentile(99) / 1000.0, measuredLateness.getMaxValue() / 1000.0));
    }
    if (cpuSaturated()) {
      warnings.add(String.format(Locale.ROOT, "the load generator's JVM used up to %.0f%% of the machine's CPU"
          + " (mean %.0f%%): the client was saturated and may have been the bottleneck", cpuMax * 100,
          cpuSum / cpuSamples * 100));
    }
    out.put("warnings", warnings);
    out.put("notes", notes);
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
