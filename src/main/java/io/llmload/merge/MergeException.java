package io.llmload.merge;

/** Shards that cannot be merged (different runs, a missing shard, unreadable folders): the message names why and the fix. */
public final class MergeException extends RuntimeException {
  public MergeException(String message) {
    super(message);
  }
}
