package io.llmload.workload.schedule;

import io.llmload.config.LlmConfig;
import io.llmload.config.ScheduleConfig;
import java.util.List;

/** The send schedules a run's settings describe. */
public final class Schedules {
  private Schedules() {
  }

  /**
   * The open model's llm.users arrivals at llm.rate (else llm.users over llm.rampSeconds) by llm.arrival,
   * from llm.seed; all at once when the rate is unbounded (even arrivals, llm.rampSeconds=0, no llm.rate).
   */
  public static SendSchedule arrivals(LlmConfig config) {
    ScheduleConfig s = config.schedule();
    double rate = s.rateFor(config.users(), config.rampSeconds());
    long[] offsets = Double.isInfinite(rate) ? new long[config.users()]
        : ArrivalProcess.offsetsNanos(s.arrival(), config.users(), rate, s.burstiness(), config.seed());
    String how = switch (s.arrival()) {
      case EVEN -> "evenly spaced";
      case POISSON -> "Poisson (exponential gaps)";
      case GAMMA -> "gamma gaps, burstiness " + s.burstiness();
    };
    String note = config.users() + " arrivals " + how + (Double.isInfinite(rate) ? ", all at once" : " at "
        + rate + "/s") + (s.maxConcurrency() > 0 ? ", at most " + s.maxConcurrency() + " in progress (the rest queue)" : "");
    return new SendSchedule(offsets, null, List.of(note));
  }
}
