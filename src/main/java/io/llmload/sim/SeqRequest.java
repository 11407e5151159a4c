package io.llmload.sim;

import java.util.ArrayList;
import java.util.List;

/** A request as the batch scheduler sees it. Engine thread only (except the immutable fields). */
final class SeqRequest {
  final int promptLength;
  final long[] blockHashes;
  final int outputTarget;
  /** Whatever the runner needs to deliver tokens (a Generation, or a test's record). */
  final Object owner;

  int generated;
  int numComputed;
  int committedBlocks;
  final List<KvCache.Block> blocks = new ArrayList<>();
  boolean everScheduled;
  boolean finished;
  boolean aborted;

  SeqRequest(int[] prompt, int outputTarget, Object owner) {
    this.promptLength = prompt.length;
    this.blockHashes = KvCache.blockHashes(prompt);
    this.outputTarget = outputTarget;
    this.owner = owner;
  }

  /** Tokens whose KV the request needs: the prompt plus everything generated so far. */
  int totalTokens() {
    return promptLength + generated;
  }

  /** A plain decode step (one new token on a fully computed context), as opposed to (re)prefill. */
  boolean isDecoding() {
    return generated > 0 && numComputed == totalTokens() - 1;
  }
}
