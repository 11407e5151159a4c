package io.llmload.sim;

/**
 * Picks at most one fault per request, reproducibly: the choice is a pure function of (sim.seed, the request's
 * arrival sequence number), so the same seed and the same request order inject the same faults.
 */
final class FaultPlanner {
  /** A planned fault: kind, and for mid-stream kinds the number of tokens sent before it strikes. */
  record Decision(FaultKind kind, int afterTokens) {}

  private final FaultSpec spec;
  private final long seed;

  FaultPlanner(FaultSpec spec, long seed) {
    this.spec = spec;
    this.seed = seed;
  }

  /** @return null for no fault */
  Decision decide(long requestSeq, int plannedTokens) {
    if (spec.isEmpty()) return null;
    long h = Vocabulary.mix(seed * 0x632BE59BD9B4E019L + requestSeq);
    double u = (h >>> 11) / (double) (1L << 53);
    double cumulative = 0;
    for (FaultKind k : FaultKind.values()) {
      cumulative += spec.rate(k);
      if (u < cumulative) {
        int after = 0;
        if (!k.beforeStream()) {
          long h2 = Vocabulary.mix(h + 1);
          after = (int) Math.floorMod(h2, (long) Math.max(1, plannedTokens));
        }
        return new Decision(k, after);
      }
    }
    return null;
  }
}
