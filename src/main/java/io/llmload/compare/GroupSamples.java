package io.llmload.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything a comparison needs about one group of one run, as plain numbers: per-call latency samples
 * of ok calls, ITL gaps per ok call, and for throughput the completion time and output tokens of every
 * ok call. Built from an archived run ({@link RunData#group}) or from a live run's in-memory results
 * through {@link #builder()}.
 */
public final class GroupSamples {
  private final int calls;
  private final int failed;
  private final SortedSample ttft;
  private final SortedSample ttfo;
  private final SortedSample tpot;
  private final SortedSample e2e;
  private final SortedSample callTokensPerS;
  private final ClusteredSample itl;
  private final double[] completionSeconds;
  private final double[] outputTokens;
  private final double durationSeconds;

  private GroupSamples(Builder b) {
    this.calls = b.calls;
    this.failed = b.failed;
    this.ttft = new SortedSample(b.ttft.toArray());
    this.ttfo = new SortedSample(b.ttfo.toArray());
    this.tpot = new SortedSample(b.tpot.toArray());
    this.e2e = new SortedSample(b.e2e.toArray());
    this.callTokensPerS = new SortedSample(b.tokensPerS.toArray());
    this.itl = new ClusteredSample(b.itl);
    this.completionSeconds = b.completion.toArray();
    this.outputTokens = b.outputTokens.toArray();
    this.durationSeconds = b.durationSeconds;
  }

  public static Builder builder() {
    return new Builder();
  }

  public int calls() {
    return calls;
  }

  public int failed() {
    return failed;
  }

  public double durationSeconds() {
    return durationSeconds;
  }

  /** The per-call sample of a PER_CALL metric. */
  public SortedSample perCall(Metric metric) {
    return switch (metric) {
      case TTFT -> ttft;
      case TTFO -> ttfo;
      case TPOT -> tpot;
      case E2E -> e2e;
      case CALL_OUTPUT_TOKENS_PER_S -> callTokensPerS;
      default -> throw new IllegalArgumentException(metric + " is not a per-call metric");
    };
  }

  public ClusteredSample itl() {
    return itl;
  }

  /** Seconds from the run's start at which each ok call completed. */
  double[] completionSeconds() {
    return completionSeconds;
  }

  /** Output tokens of each ok call, aligned with {@link #completionSeconds()}. */
  double[] outputTokens() {
    return outputTokens;
  }

  public int okCalls() {
    return completionSeconds.length;
  }

  /** Ok calls per second of the run, or NaN without a duration. */
  public double requestThroughput() {
    return durationSeconds > 0 ? completionSeconds.length / durationSeconds : Double.NaN;
  }

  /** Output tokens of ok calls per second of the run, or NaN without a duration. */
  public double outputThroughput() {
    return durationSeconds > 0 ? Arrays.stream(outputTokens).sum() / durationSeconds : Double.NaN;
  }

  public double errorRate() {
    return calls == 0 ? Double.NaN : (double) failed / calls;
  }

  /**
   * Accumulates a group's samples. Either add call by call ({@link #addOkCall}, {@link #addFailedCall})
   * or pass whole arrays (the {@code ...Ms(double...)} setters append); call counts then come from
   * {@link #counts}.
   */
  public static final class Builder {
    private int calls;
    private int failed;
    private final DoubleList ttft = new DoubleList();
    private final DoubleList ttfo = new DoubleList();
    private final DoubleList tpot = new DoubleList();
    private final DoubleList e2e = new DoubleList();
    private final DoubleList tokensPerS = new DoubleList();
    private final List<CallGaps> itl = new ArrayList<>();
    private final DoubleList completion = new DoubleList();
    private final DoubleList outputTokens = new DoubleList();
    private double durationSeconds = Double.NaN;

    /**
     * One ok call; null metrics (not reached, or undefined such as TPOT of a 1-token answer) are skipped.
     *
     * @param completionSeconds when the call ended, seconds since the run started (NaN if unknown)
     */
    public Builder addOkCall(Double ttftMs, Double ttfoMs, Double tpotMs, Double e2eMs, Double outputTokensPerS,
                             double completionSeconds, double outputTokenCount) {
      calls++;
      add(ttft, ttftMs);
      add(ttfo, ttfoMs);
      add(tpot, tpotMs);
      add(e2e, e2eMs);
      add(tokensPerS, outputTokensPerS);
      if (!Double.isNaN(completionSeconds)) {
        completion.add(completionSeconds);
        outputTokens.add(outputTokenCount);
      }
      return this;
    }

    public Builder addFailedCall() {
      calls++;
      failed++;
      return this;
    }

    /** The ITL gaps (ms) of one ok call. */
    public Builder addItlCall(double[] gapsMs) {
      itl.add(CallGaps.of(gapsMs));
      return this;
    }

    /** The ITL gaps of one ok call, already counted by value (shared between groups, never copied). */
    public Builder addItlCall(CallGaps gaps) {
      itl.add(gaps);
      return this;
    }

    public Builder counts(int totalCalls, int failedCalls) {
      if (failedCalls < 0 || failedCalls > totalCalls) {
        throw new IllegalArgumentException("failed calls " + failedCalls + " must be between 0 and " + totalCalls);
      }
      this.calls = totalCalls;
      this.failed = failedCalls;
      return this;
    }

    public Builder ttftMs(double... v) {
      addFinite(ttft, v);
      return this;
    }

    public Builder ttfoMs(double... v) {
      addFinite(ttfo, v);
      return this;
    }

    public Builder tpotMs(double... v) {
      addFinite(tpot, v);
      return this;
    }

    public Builder e2eMs(double... v) {
      addFinite(e2e, v);
      return this;
    }

    public Builder callOutputTokensPerS(double... v) {
      addFinite(tokensPerS, v);
      return this;
    }

    /** Completion times (s since run start) and output tokens of the ok calls, aligned. */
    public Builder completions(double[] completionSeconds, double[] outputTokenCounts) {
      if (completionSeconds.length != outputTokenCounts.length) {
        throw new IllegalArgumentException("completion times and output token counts differ in length");
      }
      completion.addAll(completionSeconds);
      outputTokens.addAll(outputTokenCounts);
      return this;
    }

    public Builder durationSeconds(double seconds) {
      this.durationSeconds = seconds;
      return this;
    }

    boolean hasDuration() {
      return !Double.isNaN(durationSeconds);
    }

    /** The latest completion seen, for a duration fallback. */
    double latestCompletion() {
      double max = 0;
      for (int i = 0; i < completion.size; i++) {
        max = Math.max(max, completion.values[i]);
      }
      return max;
    }

    public GroupSamples build() {
      return new GroupSamples(this);
    }

    private static void addFinite(DoubleList list, double[] v) {
      for (double d : v) {
        if (Double.isFinite(d)) {
          list.add(d);
        }
      }
    }

    private static void add(DoubleList list, Double v) {
      if (v != null && Double.isFinite(v)) {
        list.add(v);
      }
    }
  }

  /** A growable primitive array. */
  static final class DoubleList {
    double[] values = new double[16];
    int size;

    void add(double v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    void addAll(double[] v) {
      for (double d : v) {
        add(d);
      }
    }

    double[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
