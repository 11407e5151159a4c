package io.llmload.workload.trace;

import io.llmload.workload.prompt.PromptBlocks;
import io.llmload.workload.prompt.PromptFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The prompts of a trace, built so that a server's prefix cache sees the trace's reuse.
 *
 * <p>A record with hash ids (Mooncake) is the concatenation of one {@link PromptBlocks} block per id: every id
 * but the last gives a full block of {@code blockSize} tokens whose text depends only on the id (and the
 * factory's seed), so two records that start with the same ids start with the same tokens; the last id gives
 * the remaining {@code inputTokens - (n - 1) * blockSize} tokens (the whole block when that is blockSize),
 * keyed by (id, size). A record without hash ids gets one block of its own, keyed by its line, shared with
 * nothing. Every prompt is exactly {@code inputTokens} tokens in the factory's encoding. Records with hash ids
 * need an encoding with {@link PromptBlocks#stableJoints() stable joints} (cl100k_base, o200k_base; not
 * r50k_base / p50k_base, which are refused with a clear error).
 *
 * <p>Memory: full blocks are cached by id in an LRU map of at most {@code cacheBlocks} entries (default
 * {@value #DEFAULT_CACHE_BLOCKS}: a 512-token cl100k_base block is about 3,000 characters, so about 12 MB);
 * an evicted block is rebuilt identically when needed. Partial and unshared blocks are not cached.
 * Thread-safe.
 */
public final class HashIdPrompts implements TracePrompts {
  public static final int DEFAULT_CACHE_BLOCKS = 4096;

  /** Block size used for a trace whose format has no hash ids (its records need none). */
  private static final int FALLBACK_BLOCK_SIZE = 512;
  /** Attempts at correcting the last block when the encoding's joints are not stable. */
  private static final int MAX_CORRECTIONS = 4;

  private static final long PARTIAL_KEYS = 0x4000_0000_0000_0000L;
  private static final long UNSHARED_KEYS = 0x2000_0000_0000_0000L;

  private final PromptBlocks blocks;
  private final int blockSize;
  private final Map<Integer, String> cache;

  /**
   * @param factory     the run's prompt factory settings (encoding and seed); must have no shared prefix
   * @param blockSize   tokens per hash id (512 for Mooncake), at most 65,536
   * @param cacheBlocks full blocks kept in memory, at least 1
   */
  public HashIdPrompts(PromptFactory factory, int blockSize, int cacheBlocks) {
    if (blockSize < 1 || blockSize > 65_536) {
      throw new IllegalArgumentException("block size must be 1..65536 tokens, got " + blockSize);
    }
    if (cacheBlocks < 1) {
      throw new IllegalArgumentException("cacheBlocks must be at least 1, got " + cacheBlocks);
    }
    this.blocks = new PromptBlocks(factory);
    this.blockSize = blockSize;
    this.cache = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Integer, String> eldest) {
        return size() > cacheBlocks;
      }
    };
  }

  /** The prompts of a trace: its format's block size (512 for Mooncake), a new factory of this encoding and seed. */
  public static HashIdPrompts forTrace(Trace trace, String encodingName, long seed) {
    int size = trace.format().blockSize() > 0 ? trace.format().blockSize() : FALLBACK_BLOCK_SIZE;
    HashIdPrompts prompts = new HashIdPrompts(new PromptFactory(encodingName, seed, 0), size, DEFAULT_CACHE_BLOCKS);
    if (trace.format().blockSize() > 0 && !prompts.blocks.stableJoints()) {
      throw new IllegalArgumentException(unstable(prompts.blocks.factory().encodingName(), trace.format().id()));
    }
    return prompts;
  }

  public int blockSize() {
    return blockSize;
  }

  /**
   * Exactly {@code record.inputTokens()} tokens.
   *
   * @throws IllegalArgumentException when the record's hash ids do not cover its input by the ceil rule
   *                                  (TraceReader already refuses such records)
   */
  @Override
  public String prompt(TraceRecord record) {
    int[] ids = record.hashIds();
    int input = record.inputTokens();
    if (ids.length == 0) {
      IntFunction<String> own = size -> blocks.block(UNSHARED_KEYS | record.line(), size);
      return exact("", own, input, input);
    }
    if (!blocks.stableJoints()) {
      throw new IllegalArgumentException(unstable(blocks.factory().encodingName(), "hash id"));
    }
    int last = input - (ids.length - 1) * blockSize;
    if (last < 1 || last > blockSize) {
      throw new IllegalArgumentException("line " + record.line() + ": " + ids.length + " hash ids of "
          + blockSize + " tokens do not cover input_length " + input + " (need ceil(" + input + " / "
          + blockSize + ") ids)");
    }
    StringBuilder sb = new StringBuilder(input * 6 + 16);
    for (int i = 0; i < ids.length - 1; i++) {
      sb.append(fullBlock(ids[i]));
    }
    int lastId = ids[ids.length - 1];
    IntFunction<String> lastBlock = size -> size == blockSize
        ? fullBlock(lastId) : blocks.block(PARTIAL_KEYS | ((long) lastId << 17) | size, size);
    return exact(sb.toString(), lastBlock, last, input);
  }

  private static String unstable(String encoding, String what) {
    return "the tokenizer encoding " + encoding + " cannot build " + what + " trace prompts: in it a block's"
        + " closing blank line tokenizes differently before the next block, so shared blocks would not be"
        + " shared tokens; use cl100k_base or o200k_base";
  }

  /** The block of a hash id: the same text for the same id, cached. */
  public String fullBlock(int id) {
    synchronized (cache) {
      String b = cache.get(id);
      if (b != null) {
        return b;
      }
    }
    String b = blocks.block(id, blockSize); // built outside the lock; deterministic, so a race is harmless
    synchronized (cache) {
      cache.putIfAbsent(id, b);
    }
    return b;
  }

  /**
   * With stable joints the blocks' counts add up and the text is returned as is; otherwise the whole text
   * is counted and the last block's size corrected by the difference.
   */
  private String exact(String head, IntFunction<String> tail, int tailSize, int tokens) {
    String candidate = head + tail.apply(tailSize);
    if (blocks.stableJoints()) {
      return candidate;
    }
    int size = tailSize;
    for (int attempt = 0; attempt < MAX_CORRECTIONS; attempt++) {
      int actual = blocks.factory().count(candidate);
      if (actual == tokens) {
        return candidate;
      }
      size += tokens - actual;
      if (size < 1) {
        break;
      }
      candidate = head + tail.apply(size);
    }
    if (blocks.factory().count(candidate) == tokens) {
      return candidate;
    }
    throw new IllegalStateException("could not build a prompt of exactly " + tokens + " tokens in "
        + blocks.factory().encodingName());
  }
}
