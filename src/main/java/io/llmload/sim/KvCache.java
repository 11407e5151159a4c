package io.llmload.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * vLLM V1's paged KV cache with automatic prefix caching, reduced to what shapes latency: blocks of 16 tokens,
 * full prompt blocks remembered by a chained hash, freed blocks kept (still hashed, still hittable) in an LRU
 * free queue and evicted from its head when a new block is needed. Engine thread only.
 */
final class KvCache {
  static final int BLOCK_SIZE = 16;

  static final class Block {
    long hash; // 0 = not a cached full block
    int refCount;
  }

  private final int totalBlocks;
  private final LinkedHashSet<Block> free = new LinkedHashSet<>();
  private final Map<Long, Block> cached = new HashMap<>();

  KvCache(long tokens) {
    this.totalBlocks = (int) (tokens / BLOCK_SIZE);
    for (int i = 0; i < totalBlocks; i++) free.add(new Block());
  }

  static int blocksFor(long tokens) {
    return (int) ((tokens + BLOCK_SIZE - 1) / BLOCK_SIZE);
  }

  int totalBlocks() {
    return totalBlocks;
  }

  int freeBlocks() {
    return free.size();
  }

  /** Fraction of blocks held by requests (cached-but-free blocks count as free, as in vLLM). */
  double usage() {
    return totalBlocks == 0 ? 0 : 1.0 - (double) free.size() / totalBlocks;
  }

  /** The longest prefix of {@code hashes[0..maxBlocks)} whose blocks are cached. */
  List<Block> lookup(long[] hashes, int maxBlocks) {
    List<Block> hits = new ArrayList<>();
    for (int i = 0; i < Math.min(maxBlocks, hashes.length); i++) {
      Block b = cached.get(hashes[i]);
      if (b == null) break;
      hits.add(b);
    }
    return hits;
  }

  /** How many of the hit blocks currently sit in the free queue (they stop being free when touched). */
  static int countFree(List<Block> hits) {
    int n = 0;
    for (Block b : hits) if (b.refCount == 0) n++;
    return n;
  }

  void touch(List<Block> hits) {
    for (Block b : hits) {
      if (b.refCount == 0) free.remove(b);
      b.refCount++;
    }
  }

  /** Takes the least recently freed block, evicting its cached contents. Caller checked {@link #freeBlocks()}. */
  Block allocate() {
    var it = free.iterator();
    Block b = it.next();
    it.remove();
    if (b.hash != 0) {
      cached.remove(b.hash, b);
      b.hash = 0;
    }
    b.refCount = 1;
    return b;
  }

  /** Releases a request's blocks; the last block is queued first so that tail blocks are evicted first. */
  void free(List<Block> blocks) {
    for (int i = blocks.size() - 1; i >= 0; i--) {
      Block b = blocks.get(i);
      if (--b.refCount == 0) free.add(b);
    }
    blocks.clear();
  }

  /** A full prompt block has been computed: remember it for later hits (first writer wins). */
  void commit(Block b, long hash) {
    if (b.hash == 0 && !cached.containsKey(hash)) {
      b.hash = hash;
      cached.put(hash, b);
    }
  }

  /** Chained hashes of the full 16-token blocks of a prompt. */
  static long[] blockHashes(int[] prompt) {
    long[] out = new long[prompt.length / BLOCK_SIZE];
    long h = 0x6A09E667F3BCC909L;
    for (int b = 0; b < out.length; b++) {
      for (int i = b * BLOCK_SIZE; i < (b + 1) * BLOCK_SIZE; i++) h = Vocabulary.mix(h ^ (prompt[i] + 0x9E3779B97F4A7C15L));
      out[b] = h == 0 ? 1 : h;
    }
    return out;
  }
}
