package io.llmload.sim;

/** Creates the token source of a mode. */
final class TokenSources {
  private TokenSources() {}

  static TokenSource create(SimConfig cfg) {
    return switch (cfg.mode()) {
      case FIXED -> new FixedTokenSource(cfg.ttftMs(), cfg.itlMs());
      case BATCHING -> new BatchingTokenSource(cfg, EngineClock.SYSTEM);
    };
  }

  /** The batching engine adds its preemption and prefix-cache counters to the metrics. */
  static void bindMetrics(TokenSource tokens, SimMetrics metrics) {
    if (tokens instanceof BatchingTokenSource b) b.bind(metrics);
  }

  /** Every change of the running sequences reaches the GPU power model. */
  static void bindPower(TokenSource tokens, GpuPower power) {
    if (tokens instanceof BatchingTokenSource b) b.bind(power);
    if (tokens instanceof FixedTokenSource f) f.bind(power);
  }
}
