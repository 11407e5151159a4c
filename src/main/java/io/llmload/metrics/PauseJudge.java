package io.llmload.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * Decides what the client's pauses did to the measured figures: which measured calls had a stamp (start,
 * a token event, end) inside a pause, and by how much those stamps may be late. Only the measured calls are
 * fed in (warm-up calls are never recorded), so a pause outside them (start-up, warm-up, after the last
 * call) or between their events touches nothing and is only noted.
 *
 * <p>A call's event loop is not known, so a pause of any loop counts for every call; pauses are never
 * merged (two loops' pauses may overlap: a stamp inside both may be late by up to the longer). A stamp's
 * allowance is the longest pause holding it; a call's is the sum of the distinct pauses so chosen for its
 * stamps: none of its figures (TTFT = first token − start, E2E, a gap) can be late by more.
 * Feed every measured call with {@link #call}, then read {@link #judgement()}.
 */
public final class PauseJudge {
  private final double thresholdMs;
  private final int recorded;
  private final long[] starts;
  private final long[] ends;
  private final double[] lengths;
  private final List<ClientPause> pauses;
  /** Per event loop, the indexes of its pauses in time order (a pause overlaps at most the loop's next one). */
  private final int[][] byLoop;
  private final long[] pauseCalls;
  private final long[] pauseTtftCalls;
  private final long[] pauseTokenEvents;
  private final long[] lastCall;
  private final TreeMap<Long, Double> perCall = new TreeMap<>();
  private long sequence;
  private long calls;
  private long ttftCalls;
  private long tokenEvents;
  private long tokenEventsInPause;
  private long callsWithTokenEventsInPause;
  private double ttftLateUpTo;
  private double tokenLateUpTo;
  private double windowStart = Double.POSITIVE_INFINITY;
  private double windowEnd = Double.NEGATIVE_INFINITY;

  /**
   * @param pauses      every pause recorded, in any order, on Gatling's clock
   * @param thresholdMs the lateness from which a probe's delay was recorded as a pause (for the notes)
   */
  public PauseJudge(Collection<ClientPause> pauses, double thresholdMs) {
    this.thresholdMs = thresholdMs;
    this.recorded = pauses.size();
    List<ClientPause> sorted = new ArrayList<>(pauses);
    sorted.sort(Comparator.comparingLong(ClientPause::startMs).thenComparingLong(ClientPause::endMs)
        .thenComparingInt(ClientPause::loop));
    int n = sorted.size();
    starts = new long[n];
    ends = new long[n];
    lengths = new double[n];
    this.pauses = sorted;
    int loops = 0;
    for (int i = 0; i < n; i++) {
      starts[i] = sorted.get(i).startMs();
      ends[i] = sorted.get(i).endMs();
      lengths[i] = sorted.get(i).lengthMs();
      loops = Math.max(loops, sorted.get(i).loop() + 1);
    }
    byLoop = new int[loops][];
    int[] count = new int[loops];
    for (ClientPause p : sorted) {
      count[p.loop()]++;
    }
    for (int l = 0; l < loops; l++) {
      byLoop[l] = new int[count[l]];
      count[l] = 0;
    }
    for (int i = 0; i < n; i++) {
      int l = sorted.get(i).loop();
      byLoop[l][count[l]++] = i;
    }
    pauseCalls = new long[n];
    pauseTtftCalls = new long[n];
    pauseTokenEvents = new long[n];
    lastCall = new long[n];
    Arrays.fill(lastCall, -1);
  }

  /**
   * One measured call, from its row of llm-calls.csv and llm-itl.csv: its stamps are the start, the first
   * token event at start + TTFT, each later token event one gap after the one before, and the end at
   * start + E2E.
   *
   * @param ttftMs null when no token arrived
   * @param gapsMs the gaps between successive token events (empty for a failed call, whose gaps are not kept)
   * @param e2eMs  null when the call never completed
   */
  public void call(long callId, long startMs, Double ttftMs, double[] gapsMs, Double e2eMs) {
    long seq = sequence++;
    calls++;
    windowStart = Math.min(windowStart, startMs);
    double last = startMs;
    double sum = 0;
    int atStart = find(startMs);
    sum += touch(atStart, seq);
    double ttftAllowance = atStart < 0 ? 0 : lengths[atStart];
    long inPause = 0;
    double tokenLate = 0;
    if (ttftMs != null) {
      double stamp = startMs + ttftMs;
      int first = find(stamp);
      if (first >= 0 && first != atStart) {
        ttftAllowance += lengths[first];
      }
      sum += touch(first, seq);
      for (int i = -1; i < gapsMs.length; i++) {
        if (i >= 0) {
          stamp += gapsMs[i];
        }
        int p = i < 0 ? first : find(stamp);
        tokenEvents++;
        if (p >= 0) {
          inPause++;
          pauseTokenEvents[p]++;
          tokenLate = Math.max(tokenLate, lengths[p]);
          sum += touch(p, seq);
        }
      }
      last = stamp;
      if (atStart >= 0 || first >= 0) {
        ttftCalls++;
        ttftLateUpTo = Math.max(ttftLateUpTo, ttftAllowance);
        pauseTtftCalls[atStart >= 0 ? atStart : first]++;
        if (first >= 0 && atStart >= 0 && first != atStart) {
          pauseTtftCalls[first]++;
        }
      }
    }
    if (e2eMs != null) {
      double end = startMs + e2eMs;
      sum += touch(find(end), seq);
      last = Math.max(last, end);
    }
    windowEnd = Math.max(windowEnd, last);
    if (inPause > 0) {
      tokenEventsInPause += inPause;
      callsWithTokenEventsInPause++;
      tokenLateUpTo = Math.max(tokenLateUpTo, tokenLate);
    }
    if (sum > 0) {
      perCall.put(callId, sum);
    }
  }

  /** Counts the call once for pause {@code p}; returns the pause's length the first time, else 0. */
  private double touch(int p, long seq) {
    if (p < 0 || lastCall[p] == seq) {
      return 0;
    }
    lastCall[p] = seq;
    pauseCalls[p]++;
    return lengths[p];
  }

  /** The longest pause holding the stamp (of any loop), or -1. */
  private int find(double stampMs) {
    int best = -1;
    for (int[] loop : byLoop) {
      int lo = 0;
      int hi = loop.length - 1;
      int at = -1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        if (starts[loop[mid]] <= stampMs) {
          at = mid;
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      // a loop's pause overlaps only the loop's next one (two late probes in a row: the first pause ends
      // when the probe after the second ran), so the two before the last one starting by the stamp suffice
      for (int k = at; k >= 0 && k >= at - 2; k--) {
        int p = loop[k];
        if (stampMs <= ends[p] && (best < 0 || lengths[p] > lengths[best])) {
          best = p;
        }
      }
    }
    return best;
  }

  public PauseJudgement judgement() {
    List<PauseJudgement.Judged> judged = new ArrayList<>(starts.length);
    boolean anyCall = calls > 0;
    for (int i = 0; i < starts.length; i++) {
      boolean inWindow = anyCall && ends[i] >= windowStart && starts[i] <= windowEnd;
      judged.add(new PauseJudgement.Judged(pauses.get(i), inWindow, pauseCalls[i],
          pauseTtftCalls[i], pauseTokenEvents[i]));
    }
    return new PauseJudgement(thresholdMs, recorded, anyCall ? (long) windowStart : null,
        anyCall ? (long) Math.ceil(windowEnd) : null, judged, calls, perCall, ttftCalls, ttftLateUpTo, tokenEvents,
        tokenEventsInPause, callsWithTokenEventsInPause, tokenLateUpTo);
  }
}
