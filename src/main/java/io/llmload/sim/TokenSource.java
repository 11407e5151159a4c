package io.llmload.sim;

/**
 * Decides WHEN each output token of a generation exists. Implementations call
 * {@link Generation#tokenDue(long)} on the generation's event loop once per token, in order.
 */
interface TokenSource extends AutoCloseable {
  void start(Generation g);

  /**
   * Called exactly once, on the generation's event loop, when the generation ends for any reason (all tokens
   * sent, client gone, fault). Stops producing its tokens and frees what it holds.
   */
  void release(Generation g);

  int running();

  int waiting();

  double kvCacheUsage();

  @Override
  void close();
}
