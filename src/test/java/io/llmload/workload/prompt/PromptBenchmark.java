package io.llmload.workload.prompt;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How long building the seed workload's heavy prompts takes: 200 prompts of 7000-10000 tokens each, one
 * thread, after a warm-up of 100 prompts of the same kind (JIT, tokenizer caches).
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.llmload.workload.prompt.PromptBenchmark [-Dexec.args="o200k_base 300"]
 * </pre>
 * Arguments (optional): encoding name (default cl100k_base), shared prefix tokens (default 0).
 */
public final class PromptBenchmark {

  private static final int WARMUP = 100;
  private static final int MEASURED = 200;

  private PromptBenchmark() {
  }

  public static void main(String[] args) {
    String encoding = args.length > 0 ? args[0] : PromptFactory.DEFAULT_ENCODING;
    int sharedPrefix = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    String instruction = "\n\nTask: Provide a precise, structured summary with numbered sections and bullet"
        + " points. Include risk drivers, controls, and scenario impacts where relevant.";

    long constructStart = System.nanoTime();
    PromptFactory factory = new PromptFactory(encoding, 20_240_601L, sharedPrefix);
    long constructNanos = System.nanoTime() - constructStart;

    SplittableRandom sizes = new SplittableRandom(1);
    long sink = 0;
    for (int i = 0; i < WARMUP; i++) {
      sink += factory.build(1_000_000 + i, 7000 + sizes.nextInt(3001), instruction).length();
    }

    long totalTokens = 0;
    long totalChars = 0;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    for (int i = 0; i < MEASURED; i++) {
      int tokens = 7000 + sizes.nextInt(3001);
      String text = factory.build(i, tokens, instruction);
      totalTokens += tokens;
      totalChars += text.length();
    }
    long nanos = System.nanoTime() - start;
    long cpuNanos = threads.getCurrentThreadCpuTime() - cpuStart;

    // An independent check that the measured prompts were what was asked for (not timed).
    SplittableRandom again = new SplittableRandom(1);
    for (int i = 0; i < WARMUP; i++) {
      again.nextInt(3001);
    }
    for (int i = 0; i < MEASURED; i++) {
      int tokens = 7000 + again.nextInt(3001);
      if (factory.count(factory.build(i, tokens, instruction)) != tokens) {
        throw new IllegalStateException("prompt " + i + " is not " + tokens + " tokens");
      }
    }

    System.out.printf(Locale.ROOT, "encoding %s, shared prefix %d tokens, factory set-up %.0f ms%n",
        factory.encodingName(), sharedPrefix, constructNanos / 1e6);
    System.out.printf(Locale.ROOT,
        "built %d heavy prompts (7000-10000 tokens, %d tokens, %.1f MB of text) in %.0f ms on one thread:"
            + " %.1f ms per prompt, %.0f tokens/s (warm-up %d prompts, checksum %d)%n",
        MEASURED, totalTokens, totalChars / 1e6, nanos / 1e6, nanos / 1e6 / MEASURED,
        totalTokens / (nanos / 1e9), WARMUP, sink % 1000);
    // Wall time suffers when other processes share the cores; the thread's CPU time much less so.
    System.out.printf(Locale.ROOT, "CPU time of the building thread: %.0f ms, %.1f ms per prompt%n",
        cpuNanos / 1e6, cpuNanos / 1e6 / MEASURED);
    System.out.printf(Locale.ROOT, "body rebuilt after a whole-text count mismatch: %d times in %d builds%n",
        factory.corrections(), WARMUP + 2 * MEASURED);
  }
}
