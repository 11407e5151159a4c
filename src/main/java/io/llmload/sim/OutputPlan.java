package io.llmload.sim;

/**
 * How many tokens a request gets and why it stops. With ignore_eos the budget is used up ("length");
 * otherwise a seeded geometric "natural length" (mean sim.meanOutputTokens, at least min_tokens) plays the EOS:
 * shorter than the budget ends with "stop", else the budget ends it with "length".
 * The budget is max_completion_tokens ?? max_tokens ?? (max_model_len - prompt tokens).
 */
record OutputPlan(int tokens, String finishReason) {

  static OutputPlan of(ParsedRequest r, int maxModelLen, int meanOutputTokens, long requestSeed) {
    int budget = r.maxTokens() != null ? r.maxTokens() : maxModelLen - r.promptTokens();
    if (r.ignoreEos()) return new OutputPlan(budget, "length");
    double u = ((Vocabulary.mix(requestSeed ^ 0x5DEECE66DL) >>> 11) + 0.5) / (double) (1L << 53);
    long natural;
    if (meanOutputTokens <= 1) {
      natural = 1;
    } else {
      double p = 1.0 / meanOutputTokens;
      natural = 1 + (long) Math.floor(Math.log(u) / Math.log1p(-p));
    }
    natural = Math.max(natural, Math.max(1, r.minTokens()));
    return natural < budget ? new OutputPlan((int) natural, "stop") : new OutputPlan(budget, "length");
  }
}
