package io.llmload.sim;

/** Placeholder until the batching engine lands: the KV block size shared by config validation. */
final class KvCache {
    static final int BLOCK_SIZE = 16;

    private KvCache() {}
}
