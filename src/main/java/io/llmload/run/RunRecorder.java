package io.llmload.run;

import io.llmload.metrics.CallGroups;
import io.llmload.metrics.CallResult;
import io.llmload.metrics.GroupStats;
import io.llmload.metrics.Numbers;
import io.llmload.metrics.Percentiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;
import io.llmload.metrics.SloPolicy;

/**
 * Receives every finished call and fans it out: llm-calls.csv / llm-itl.csv rows and the group
 * statistics. The work (CSV, client-side token count, sorting gaps) runs on one background thread so
 * it never delays Gatling's event loops, where token events are being stamped.
 */
public final class RunRecorder implements AutoCloseable {
  private final CallsCsvWriter csv;
  private final ToIntFunction<String> counter;
  private final SloPolicy slo;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "llm-recorder");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, GroupStats> groups = new LinkedHashMap<>();
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong outputTokens = new AtomicLong();
  private long inputTokens;
  private long windowStartMs = Long.MAX_VALUE;
  private long windowEndMs = Long.MIN_VALUE;
  private long countDifferenceSum;
  private long countDifferenceCalls;
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
  private final org.HdrHistogram.Histogram liveTtft = new org.HdrHistogram.Histogram(3);
  private final java.util.List<java.util.function.BiConsumer<CallResult, Boolean>> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public RunRecorder(Path runDir, ToIntFunction<String> counter, SloPolicy slo) {
    this(new CallsCsvWriter(runDir), counter, slo);
  }

  RunRecorder(CallsCsvWriter csv, ToIntFunction<String> counter, SloPolicy slo) {
    this.csv = csv;
    this.counter = counter;
    this.slo = slo;
    for (String g : CallGroups.FIXED) {
      groups.put(g, new GroupStats());
    }
  }

  /**
   * Thread-safe; returns at once.
   *
   * @param explain for a refused call, finds the server's reason off the caller's thread (may be null)
   */
  public void record(CallResult original, java.util.function.UnaryOperator<CallResult> explain) {
    CallResult r = original;
    done.incrementAndGet();
    if (!r.ok()) {
      failed.incrementAndGet();
    } else {
      outputTokens.addAndGet(r.outputTokens());
      synchronized (liveTtft) {
        liveTtft.recordValue(r.ttftMs());
      }
    }
    worker.execute(() -> write(explain == null || r.ok() ? r : explain.apply(r)));
  }

  /**
   * A recorder that writes no file and counts no token: the figures of calls read back from run folders
   * ({@link #addWritten}), e.g. the merge of several injectors' shards into one run.
   */
  public static RunRecorder figuresOnly(SloPolicy slo) {
    return new RunRecorder((CallsCsvWriter) null, null, slo);
  }

  /**
   * Adds a call read back from llm-calls.csv / llm-itl.csv, with the client-side token count written for it
   * (counted_output_tokens), to the figures, on the caller's thread: the same figures as when it was
   * recorded. Only on a {@link #figuresOnly} recorder.
   */
  public void addWritten(CallResult r, Integer counted) {
    if (csv != null) {
      throw new IllegalStateException("addWritten is for a figures-only recorder: this one writes " + RunFiles.CALLS);
    }
    done.incrementAndGet();
    if (!r.ok()) {
      failed.incrementAndGet();
    } else {
      outputTokens.addAndGet(r.outputTokens());
    }
    aggregate(r, counted);
  }

  private void write(CallResult r) {
    Integer counted = r.outputText().isEmpty() && r.tokenEvents() == 0 ? null : counter.applyAsInt(r.outputText());
    csv.write(r, counted);
    aggregate(r, counted);
  }

  private void aggregate(CallResult r, Integer counted) {
    boolean good = slo.meets(r);
    synchronized (this) {
      windowStartMs = Math.min(windowStartMs, r.startMs());
      windowEndMs = Math.max(windowEndMs, r.e2eMs() == null ? r.startMs() : r.startMs() + r.e2eMs());
      inputTokens += r.spec().inputTokens();
      if (r.ok() && counted != null && r.usageOutputTokens() != null) {
        countDifferenceSum += counted - r.usageOutputTokens();
        countDifferenceCalls++;
      }
      for (String g : CallGroups.groupsOf(r.spec().scenario(), r.spec().step(), r.spec().groupTag(), r.replica())) {
        groups.computeIfAbsent(g, k -> new GroupStats()).add(r, good);
      }
    }
    listeners.forEach(l -> l.accept(r, good));
  }

  /**
   * Also hands every recorded call, with whether it met the SLOs, to {@code listener} (on the recorder's
   * thread, after the call is written): e.g. a sweep's running figures per level.
   */
  public void addListener(java.util.function.BiConsumer<CallResult, Boolean> listener) {
    listeners.add(listener);
  }

  public long callsDone() {
    return done.get();
  }

  public long callsFailed() {
    return failed.get();
  }

  public long outputTokens() {
    return outputTokens.get();
  }

  /** TTFT p95 of the ok calls so far, for the live progress line; null before the first. */
  public Long liveTtftP95() {
    synchronized (liveTtft) {
      return liveTtft.getTotalCount() == 0 ? null : liveTtft.getValueAtPercentile(95);
    }
  }

  /**
   * Waits for every recorded call to be written, then closes the files. Idempotent; a second caller also
   * waits. Holds no lock while it waits: the writer thread takes this object's lock for every call.
   */
  @Override
  public void close() {
    worker.shutdown();
    try {
      if (!worker.awaitTermination(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("llm-recorder did not finish writing within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (closed.compareAndSet(false, true) && csv != null) {
      csv.close();
    }
  }

  /** The measured window: first request handed to Gatling → last stream end, in seconds. */
  public synchronized double windowSeconds() {
    return windowEndMs <= windowStartMs ? 0 : (windowEndMs - windowStartMs) / 1000.0;
  }

  public synchronized long windowStartMs() {
    return windowStartMs;
  }

  public synchronized long windowEndMs() {
    return windowEndMs;
  }

  /** The "totals" and "groups" parts of llm-summary.json. Call after {@link #close()}. */
  public synchronized Map<String, Object> totals() {
    GroupStats all = groups.get(CallGroups.OVERALL);
    double window = windowSeconds();
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("calls", all.calls());
    t.put("ok", all.ok());
    t.put("failed", all.failed());
    t.put("input_tokens", inputTokens);
    t.put("output_tokens", all.outputTokens());
    t.put("window_s", Percentiles.round(window));
    t.put("output_tokens_per_s", window <= 0 ? null : Percentiles.round(all.outputTokens() / window));
    t.put("requests_per_s", window <= 0 ? null : Percentiles.round(all.ok() / window));
    t.put("client_counted_minus_usage_tokens_mean",
        countDifferenceCalls == 0 ? null : Percentiles.round((double) countDifferenceSum / countDifferenceCalls));
    t.put("csv_rows_lost", csv == null ? 0 : csv.rowsLost());
    String behind = behindSchedule(all);
    if (behind != null) {
      t.put("behind_schedule", behind);
    }
    return t;
  }

  /** A call whose dispatch delay exceeds this fell behind its schedule. */
  public static final double BEHIND_MS = 10;

  /**
   * The warning for a run that fell behind its schedule (some call's dispatch delay above {@link #BEHIND_MS}),
   * naming how far; null when it kept to it or was not scheduled.
   */
  static String behindSchedule(GroupStats all) {
    Double max = all.dispatchDelayPercentile(100);
    if (max == null || max <= BEHIND_MS) {
      return null;
    }
    return "the run fell behind its schedule: calls were sent up to " + Numbers.fixed(max, 1, "-") + " ms late"
        + " (dispatch delay p99 " + Numbers.fixed(all.dispatchDelayPercentile(99), 1, "-") + " ms, p50 "
        + Numbers.fixed(all.dispatchDelayPercentile(50), 1, "-") + " ms, over " + all.scheduledCalls()
        + " scheduled calls; queue time for a concurrency slot not included): the client could not keep up,"
        + " the offered load was lower than scheduled";
  }

  /** The "slo" part of llm-summary.json, or null when no SLO is set. */
  public synchronized Map<String, Object> slo() {
    if (!slo.active()) {
      return null;
    }
    double window = windowSeconds();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("percentile", slo.percentile());
    out.put("objectives", slo.describe());
    out.put("definition", "a call is good when it is ok and meets every objective that applies to it (global,"
        + " its scenario's, its step's); attainment = good / calls (failed calls count as not good);"
        + " goodput = good calls / measured window; *_met compares the group's percentile with the objective");
    Map<String, Object> byGroup = new LinkedHashMap<>();
    groups.forEach((name, g) -> {
      if (g.calls() > 0) {
        byGroup.put(name, g.sloSummary(slo.limitsFor(name.equals("overall") ? "" : name), slo.percentile(), window));
      }
    });
    out.put("groups", byGroup);
    return out;
  }

  public synchronized Map<String, Object> groups() {
    double window = windowSeconds();
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, GroupStats> ordered = new TreeMap<>(CallGroups.ORDER);
    ordered.putAll(groups);
    for (String fixed : CallGroups.FIXED) {
      out.put(fixed, groups.get(fixed).summary(window));
      ordered.remove(fixed);
    }
    ordered.forEach((name, g) -> out.put(name, g.summary(window)));
    return out;
  }
}
