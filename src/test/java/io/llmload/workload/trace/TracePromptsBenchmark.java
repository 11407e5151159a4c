package io.llmload.workload.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How long building Mooncake-like trace prompts takes, one thread: a synthetic trace of 2,000 requests shaped
 * like the conversation trace (every prompt starts with the same 4 blocks, then a session's history, then new
 * blocks; 1-40 blocks, 512 tokens each), built twice: cold (every block built once) and warm (every full
 * block from the cache). Also prints the characters per cached block, for the cache's memory bound.
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.llmload.workload.trace.TracePromptsBenchmark [-Dexec.args="o200k_base"]
 * </pre>
 */
public final class TracePromptsBenchmark {
  private static final int REQUESTS = 2000;

  private TracePromptsBenchmark() {
  }

  public static void main(String[] args) {
    String encoding = args.length > 0 ? args[0] : "cl100k_base";
    List<TraceRecord> records = syntheticTrace();
    long tokens = records.stream().mapToLong(TraceRecord::inputTokens).sum();
    HashIdPrompts prompts = new HashIdPrompts(new io.llmload.workload.prompt.PromptFactory(encoding, 42, 0), 512,
        HashIdPrompts.DEFAULT_CACHE_BLOCKS);
    long sink = 0;
    long start = System.nanoTime();
    for (TraceRecord r : records) {
      sink += prompts.prompt(r).length();
    }
    long cold = System.nanoTime() - start;
    start = System.nanoTime();
    for (TraceRecord r : records) {
      sink += prompts.prompt(r).length();
    }
    long warm = System.nanoTime() - start;
    long blockChars = 0;
    for (int id = 0; id < 200; id++) {
      blockChars += prompts.fullBlock(id).length();
    }
    System.out.printf(Locale.ROOT, "%s: %d prompts, %d tokens (mean %d)%n", encoding, REQUESTS, tokens,
        tokens / REQUESTS);
    System.out.printf(Locale.ROOT, "cold: %.1f ms total, %.3f ms per prompt, %.2f us per token%n", cold / 1e6,
        cold / 1e6 / REQUESTS, cold / 1e3 / tokens);
    System.out.printf(Locale.ROOT, "warm: %.1f ms total, %.3f ms per prompt%n", warm / 1e6, warm / 1e6 / REQUESTS);
    System.out.printf(Locale.ROOT, "chars per 512-token block: %.0f (cache bound %d blocks)%n", blockChars / 200.0,
        HashIdPrompts.DEFAULT_CACHE_BLOCKS);
    System.out.println("(checksum " + sink + ")");
  }

  static List<TraceRecord> syntheticTrace() {
    SplittableRandom rng = new SplittableRandom(5);
    List<int[]> sessions = new ArrayList<>();
    List<TraceRecord> out = new ArrayList<>();
    int nextId = 4;
    for (int i = 0; i < REQUESTS; i++) {
      int session;
      if (!sessions.isEmpty() && rng.nextInt(2) == 0) {
        session = rng.nextInt(sessions.size());
      } else {
        sessions.add(new int[] {0, 1, 2, 3});
        session = sessions.size() - 1;
      }
      int[] history = sessions.get(session);
      int add = 1 + rng.nextInt(6);
      if (history.length + add > 40) {
        history = new int[] {0, 1, 2, 3};
      }
      int[] ids = java.util.Arrays.copyOf(history, history.length + add);
      for (int k = history.length; k < ids.length; k++) {
        ids[k] = nextId++;
      }
      sessions.set(session, java.util.Arrays.copyOf(ids, ids.length - 1)); // the partial last block is not reused
      int input = (ids.length - 1) * 512 + 1 + rng.nextInt(512);
      out.add(new TraceRecord(i * 100L, input, 100, ids, i + 1));
    }
    return out;
  }
}
