package io.llmload.sim;

/**
 * A validated completion request, ready to generate.
 *
 * @param chat            true for /v1/chat/completions, false for /v1/completions
 * @param model           the model name to echo
 * @param stream          SSE or one JSON body
 * @param includeUsage    stream_options.include_usage
 * @param continuousUsage stream_options.continuous_usage_stats (usage on every chunk)
 * @param promptTokenIds  the prompt as cl100k_base ids (see docs/simulator.md for the counting rule)
 * @param maxTokens       max_completion_tokens ?? max_tokens, null when absent
 * @param minTokens       min_tokens (0 when absent)
 * @param ignoreEos       ignore_eos
 */
record ParsedRequest(boolean chat, String model, boolean stream, boolean includeUsage, boolean continuousUsage,
           int[] promptTokenIds, Integer maxTokens, int minTokens, boolean ignoreEos) {

  int promptTokens() {
    return promptTokenIds.length;
  }
}
