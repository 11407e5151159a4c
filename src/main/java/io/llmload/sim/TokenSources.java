package io.llmload.sim;

/** Creates the token source of a mode. */
final class TokenSources {
    private TokenSources() {}

    static TokenSource create(SimConfig cfg) {
        return switch (cfg.mode()) {
            case FIXED -> new FixedTokenSource(cfg.ttftMs(), cfg.itlMs());
            // TODO(step 4): the batching engine; until then BATCHING times tokens like FIXED with the profile's defaults
            case BATCHING -> new FixedTokenSource(cfg.profile().fixedTtftMs(), cfg.profile().fixedItlMs());
        };
    }

    static void bindMetrics(TokenSource tokens, SimMetrics metrics) {
        // the batching engine writes preemption and prefix-cache counters into the metrics
    }
}
