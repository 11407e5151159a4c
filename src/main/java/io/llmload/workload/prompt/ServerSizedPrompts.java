package io.llmload.workload.prompt;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prompts sized in the server's tokenizer (llm.tokenizer=server): the requested count is the whole prompt as
 * the server counts it (system prompt, chat template and user text), so usage.prompt_tokens equals it. The
 * user text is built with the jtokkit factory at a guessed size, counted by the server ({@link PromptCounter},
 * vLLM's /tokenize), and rebuilt at the size corrected by the difference (or a neighbouring size not tried yet), at most
 * {@value #MAX_TRIES} counts;
 * the overhead learnt from the last answer is the next prompt's first guess, so most prompts need one count.
 * A prompt that could not be made exact is the closest one found, counted in {@link #inexact()}.
 */
public final class ServerSizedPrompts implements PromptBuilder {
  public static final int MAX_TRIES = 10;

  private final PromptFactory factory;
  private final PromptCounter counter;
  private final String systemPrompt;
  /** Server tokens beyond the user text's jtokkit tokens, from the last count (system prompt, template, tokenizer). */
  private final AtomicInteger overhead;
  private final AtomicLong counts = new AtomicLong();
  private final AtomicLong inexact = new AtomicLong();

  public ServerSizedPrompts(PromptFactory factory, PromptCounter counter, String systemPrompt) {
    this.factory = factory;
    this.counter = counter;
    this.systemPrompt = systemPrompt;
    this.overhead = new AtomicInteger(factory.count(systemPrompt));
  }

  @Override
  public String build(long callIndex, int tokens, String instruction) {
    int minimum = factory.minimumTokens(instruction);
    int target = Math.max(minimum, tokens - overhead.get());
    java.util.Set<Integer> tried = new java.util.HashSet<>();
    String best = null;
    int bestMiss = Integer.MAX_VALUE;
    for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
      String text = factory.build(callIndex, target, instruction);
      int counted = counter.count(systemPrompt, text);
      counts.incrementAndGet();
      tried.add(target);
      overhead.set(counted - target);
      int miss = counted - tokens;
      if (Math.abs(miss) < bestMiss) {
        best = text;
        bestMiss = Math.abs(miss);
      }
      if (miss == 0) {
        break;
      }
      Integer next = untriedNear(Math.max(minimum, target - miss), minimum, tried);
      if (next == null) {
        break;
      }
      target = next;
    }
    if (bestMiss != 0) {
      inexact.incrementAndGet();
    }
    return best;
  }

  /**
   * {@code wanted}, or when it was tried already (the two tokenizers split differently, so the correction can
   * jump over the size), the nearest untried size within 3 of it.
   */
  private static Integer untriedNear(int wanted, int minimum, java.util.Set<Integer> tried) {
    for (int d = 0; d <= 3; d++) {
      if (!tried.contains(wanted + d)) {
        return wanted + d;
      }
      if (wanted - d >= minimum && !tried.contains(wanted - d)) {
        return wanted - d;
      }
    }
    return null;
  }

  /** Requests to the server's tokenizer so far. */
  public long counts() {
    return counts.get();
  }

  /** Prompts whose size could not be made exact (too small for the overhead, or no exact size found). */
  public long inexact() {
    return inexact.get();
  }
}
