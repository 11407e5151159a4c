package io.llmload.sweep;

import io.llmload.metrics.Numbers;
import io.llmload.metrics.CallResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Runs a sweep while it is under way: decides each journey's level tag when the journey starts, keeps
 * running tallies per level from the recorder's finished calls, and stops the sweep early when a level
 * is clearly past saturation.
 *
 * <p>When a level is judged: at the moment the next level's measured window opens (after its settle),
 * on the level's calls finished by then. Calls still running then (the slowest) are not in the tally,
 * so the judgement errs on the side of going on. The last level is never judged (nothing to skip).
 * The rule ({@link #stopReason}): SLO attainment below llm.sweep.stop.attainment (only with SLOs), error
 * rate above llm.sweep.stop.errorRate, or output tokens/s below (1 − llm.sweep.stop.throughputDrop) × the
 * previous level's. Once stopped, no journey starts; the simulation waits for those in flight, then ends.
 */
public final class SweepController {
  /** What the controller decided for a user about to start a journey. */
  public record Admission(boolean run, String tag) {
  }

  /** Running figures of one level. */
  public static final class Tally {
    long calls;
    long ok;
    long good;
    long failed;
    /** Output tokens of ok calls (any level) that ended inside this level's measured window. */
    long outputTokensEnded;

    public long calls() {
      return calls;
    }

    public double errorRate() {
      return calls == 0 ? 0 : (double) failed / calls;
    }

    public double attainment() {
      return calls == 0 ? 0 : (double) good / calls;
    }

    public double outputTokensPerS(long holdMs) {
      return outputTokensEnded * 1000.0 / holdMs;
    }
  }

  private final SweepConfig config;
  private final SweepPlan plan;
  private final boolean sloActive;
  private final LongSupplier clockMs;
  private final Map<String, Integer> levelOfTag = new HashMap<>();
  private final Tally[] tallies;
  private final AtomicInteger inFlight = new AtomicInteger();
  private long originMs = -1;
  private int judged = -1;
  private volatile String stopReason;
  private volatile int stoppedAfter = -1;

  public SweepController(SweepConfig config, SweepPlan plan, boolean sloActive, LongSupplier clockMs) {
    this.config = config;
    this.plan = plan;
    this.sloActive = sloActive;
    this.clockMs = clockMs;
    this.tallies = new Tally[plan.size()];
    for (SweepPlan.Level l : plan.levels()) {
      tallies[l.index()] = new Tally();
      levelOfTag.put(l.tag(), l.index());
    }
  }

  /** A user is about to start its journey: run it (with this tag) or not (the sweep was stopped). */
  public synchronized Admission admit() {
    long now = clockMs.getAsLong();
    if (originMs < 0) {
      originMs = now;
    }
    long elapsed = now - originMs;
    judgeUpTo(elapsed);
    if (stopReason != null) {
      return new Admission(false, null);
    }
    inFlight.incrementAndGet();
    return new Admission(true, plan.tagAt(elapsed));
  }

  /** The journey admitted earlier has ended (ok or not). */
  public void journeyEnded() {
    inFlight.decrementAndGet();
  }

  /** Journeys started and not yet ended. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Every finished call, from the recorder's thread. */
  public synchronized void onCall(CallResult r, boolean good) {
    Integer level = r.spec().groupTag() == null ? null : levelOfTag.get(r.spec().groupTag());
    if (level != null) {
      Tally t = tallies[level];
      t.calls++;
      if (r.ok()) {
        t.ok++;
      } else {
        t.failed++;
      }
      if (good) {
        t.good++;
      }
    }
    if (r.ok() && r.e2eMs() != null && originMs >= 0) {
      long end = r.startMs() + r.e2eMs() - originMs;
      int i = plan.levelAt(end);
      if (i >= 0 && end >= plan.level(i).measureStartMs()) {
        tallies[i].outputTokensEnded += r.outputTokens();
      }
    }
  }

  private void judgeUpTo(long elapsed) {
    if (!config.earlyStop()) {
      return;
    }
    while (stopReason == null && judged + 1 < plan.size() - 1
        && elapsed >= plan.level(judged + 2).measureStartMs()) {
      int k = ++judged;
      String reason = stopReason(config, sloActive, tallies[k], k == 0 ? null : tallies[k - 1],
          plan.level(k).holdMs(), k == 0 ? 0 : plan.level(k - 1).holdMs());
      if (reason != null) {
        stoppedAfter = k;
        stopReason = "level " + Numbers.plain(plan.level(k).value()) + " " + config.unit() + ": " + reason;
        System.out.println("LLM sweep: early stop after " + stopReason + "; the remaining levels are skipped");
      }
    }
  }

  /**
   * Why a level is clearly past saturation, or null. Judged only with at least llm.sweep.stop.minCalls
   * finished calls; the throughput rule needs a previous level.
   */
  static String stopReason(SweepConfig config, boolean sloActive, Tally level, Tally previous, long holdMs,
                           long previousHoldMs) {
    if (level.calls < config.stopMinCalls()) {
      return null;
    }
    if (level.errorRate() > config.stopErrorRate()) {
      return String.format(Locale.ROOT, "error rate %.1f%% above llm.sweep.stop.errorRate=%.1f%%",
          level.errorRate() * 100, config.stopErrorRate() * 100);
    }
    if (sloActive && level.attainment() < config.stopAttainment()) {
      return String.format(Locale.ROOT, "SLO attainment %.1f%% below llm.sweep.stop.attainment=%.1f%%",
          level.attainment() * 100, config.stopAttainment() * 100);
    }
    if (previous != null && previous.outputTokensEnded > 0) {
      double now = level.outputTokensPerS(holdMs);
      double before = previous.outputTokensPerS(previousHoldMs);
      if (now < (1 - config.stopThroughputDrop()) * before) {
        return String.format(Locale.ROOT, "output %.1f tok/s fell below the previous level's %.1f tok/s by more than"
            + " llm.sweep.stop.throughputDrop=%.0f%%", now, before, config.stopThroughputDrop() * 100);
      }
    }
    return null;
  }

  /** Why the sweep stopped early, or null. */
  public String stopReason() {
    return stopReason;
  }

  /** The index of the level after which the sweep stopped, or -1. */
  public int stoppedAfter() {
    return stoppedAfter;
  }

  /** Epoch ms (Gatling's clock) of the first admitted journey, or -1 before it. */
  public synchronized long originMs() {
    return originMs;
  }

  /** The levels that were not run (or only settled) because of an early stop. */
  public List<Integer> skippedLevels() {
    List<Integer> out = new ArrayList<>();
    int after = stoppedAfter;
    if (after >= 0) {
      for (int i = after + 1; i < plan.size(); i++) {
        out.add(i);
      }
    }
    return out;
  }

  /** The running figures of level {@code index} (a copy-free view, for tests and the console). */
  synchronized Tally tally(int index) {
    return tallies[index];
  }

  public SweepPlan plan() {
    return plan;
  }

  public SweepConfig config() {
    return config;
  }
}
