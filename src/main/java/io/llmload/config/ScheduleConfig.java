package io.llmload.config;

/**
 * When calls are sent: the open model's arrival process and the client-side concurrency cap, and the
 * timing options of a trace replay.
 *
 * @param arrival        llm.arrival: even (the default), poisson or gamma
 * @param rate           llm.rate, arrivals per second; null when unset (then llm.users over llm.rampSeconds)
 * @param burstiness     llm.burstiness, the gamma shape (1 = Poisson, below 1 burstier, above 1 smoother)
 * @param maxConcurrency llm.maxConcurrency, the most journeys in progress at once; 0 for no cap
 * @param trace          the trace replay's settings (read always, used by TraceReplaySimulation only)
 */
public record ScheduleConfig(Arrival arrival, Double rate, double burstiness, int maxConcurrency, Trace trace) {

  /**
   * @param workload  llm.workload: "trace" (the only value so far), or null when unset
   * @param file      llm.trace.file, or null
   * @param format    llm.trace.format (the trace reader's format name), or null
   * @param speedup   llm.trace.speedup: the trace's time is divided by it
   * @param startS    llm.trace.startS: the window's start in the trace's own seconds
   * @param durationS llm.trace.durationS: the window's length in the trace's seconds, 0 for to the end
   * @param limit     llm.trace.limit: the most records sent, 0 for all
   * @param rateScale llm.trace.rateScale: the rate is multiplied by it, the trace's shape kept
   */
  public record Trace(String workload, String file, String format, double speedup, double startS, double durationS, int limit,
                      double rateScale) {
  }

  /**
   * True when the open model's users are sent from a precomputed schedule rather than Gatling's even ramp:
   * a random arrival process, an explicit rate, or a concurrency cap.
   */
  public boolean scheduled() {
    return arrival != Arrival.EVEN || rate != null || maxConcurrency > 0;
  }

  /** The arrival rate in users per second: llm.rate, else llm.users spread over llm.rampSeconds. */
  public double rateFor(int users, double rampSeconds) {
    if (rate != null) {
      return rate;
    }
    return rampSeconds > 0 ? users / rampSeconds : Double.POSITIVE_INFINITY;
  }

  static ScheduleConfig read(Settings s, Injection injection, double rampSeconds) {
    Arrival arrival = s.choice("llm.arrival", Arrival.class, Arrival.EVEN);
    Double rate = s.raw("llm.rate") == null ? null : s.decimal("llm.rate", 1, 1e-6, 1e6);
    double burstiness = s.decimal("llm.burstiness", 1, 1e-3, 1e3);
    int cap = (int) s.integer("llm.maxConcurrency", 0, 0, 1_000_000);
    if (injection == Injection.CLOSED && (arrival != Arrival.EVEN || rate != null || cap > 0)) {
      throw new ConfigException("llm.arrival, llm.rate and llm.maxConcurrency shape the open model's arrivals, but"
          + " llm.injection=closed holds llm.users concurrent users; drop them or set -Dllm.injection=open");
    }
    if (arrival != Arrival.EVEN && rate == null && rampSeconds == 0) {
      throw new ConfigException("llm.arrival=" + arrival.name().toLowerCase() + " needs a rate: set -Dllm.rate=<users"
          + " per second> (or -Dllm.rampSeconds above 0: llm.users arrive over it at llm.users/llm.rampSeconds per second)");
    }
    if (arrival != Arrival.GAMMA && s.raw("llm.burstiness") != null && burstiness != 1) {
      throw new ConfigException("llm.burstiness=" + s.raw("llm.burstiness") + " shapes gamma arrivals only; set"
          + " -Dllm.arrival=gamma too (llm.arrival is " + arrival.name().toLowerCase() + ")");
    }
    Trace trace = new Trace(s.string("llm.workload", null), s.string("llm.trace.file", null), s.string("llm.trace.format", null),
        s.decimal("llm.trace.speedup", 1, 1e-3, 1e6), s.decimal("llm.trace.startS", 0, 0, 1e9),
        s.decimal("llm.trace.durationS", 0, 0, 1e9), (int) s.integer("llm.trace.limit", 0, 0, 100_000_000),
        s.decimal("llm.trace.rateScale", 1, 1e-3, 1000));
    return new ScheduleConfig(arrival, rate, burstiness, cap, trace);
  }
}
