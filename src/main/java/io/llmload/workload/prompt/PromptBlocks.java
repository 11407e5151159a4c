package io.llmload.workload.prompt;

import java.util.SplittableRandom;

/**
 * Blocks of prompt text, each exactly N tokens, that can be concatenated so that the prompt's tokens are the
 * blocks' tokens one after the other: the same block text then gives the same token ids wherever it stands,
 * and a server's prefix cache sees two prompts that share their first k blocks as sharing k blocks of tokens.
 *
 * <p>Every block ends with a period and a blank line ({@link #END}) and starts with a letter. In cl100k_base
 * and o200k_base the pre-tokenizer takes ".\n\n" as one piece (punctuation followed by line breaks, greedy)
 * whether a word or the end of the text follows, so no token crosses a joint and the counts add up
 * ({@link #stableJoints()} checks this for the encoding at hand). A block of at least
 * {@link #minimumBuiltTokens()} tokens is {@link PromptFactory} prose ("Request &lt;hex&gt;" line and
 * sentences) seeded by the block's key; a smaller one is a line of single-token words ("Audit ledger.").
 * Same factory seed and key: same text. Thread-safe.
 */
public final class PromptBlocks {
  /** What every block ends with, after a period. */
  public static final String END = "\n\n";

  private final PromptFactory factory;
  private final int minimumBuilt;
  private final String[] startWords;
  private final String[] words;
  private final int endCost;
  private final boolean stableJoints;

  /**
   * @param factory a factory without a shared prefix (its prefix would repeat in every block)
   */
  public PromptBlocks(PromptFactory factory) {
    if (factory.sharedPrefixTokens() != 0) {
      throw new IllegalArgumentException("prompt blocks need a PromptFactory without a shared prefix, got "
          + factory.sharedPrefixTokens() + " shared tokens");
    }
    this.factory = factory;
    this.minimumBuilt = factory.minimumTokens(END);
    java.util.List<String> start = new java.util.ArrayList<>();
    java.util.List<String> rest = new java.util.ArrayList<>();
    for (String w : EnterpriseProse.FILLER_WORDS) {
      String cap = Character.toUpperCase(w.charAt(0)) + w.substring(1);
      if (factory.count(" " + w) == 1) {
        rest.add(w);
        if (factory.count(cap) == 1) {
          start.add(cap);
        }
      }
    }
    if (start.isEmpty() || rest.size() < 8) {
      throw new IllegalStateException("encoding " + factory.encodingName() + " has too few single-token words");
    }
    this.startWords = start.toArray(String[]::new);
    this.words = rest.toArray(String[]::new);
    this.endCost = factory.count(startWords[0] + "." + END) - factory.count(startWords[0]);
    String built = "Audit ledger." + END;
    String next = "Request 3f9a1c2e7b41\nRisk.";
    this.stableJoints = factory.count(built + next) == factory.count(built) + factory.count(next)
        && factory.count(built + built) == 2 * factory.count(built)
        && factory.count("." + END + built) == factory.count("." + END) + factory.count(built);
  }

  /**
   * A block of exactly {@code tokens} tokens (counted on its own; with {@link #stableJoints()} also counted
   * inside any concatenation of blocks), ending with {@link #END}. Two keys give different text (blocks
   * under 16 tokens may collide: they are shorter than any prefix-cache block).
   *
   * @throws IllegalArgumentException for fewer than 1 token
   */
  public String block(long key, int tokens) {
    if (tokens < 1) {
      throw new IllegalArgumentException("a prompt block needs at least 1 token, got " + tokens);
    }
    if (tokens >= minimumBuilt) {
      return factory.build(key, tokens, END);
    }
    return wordLine(key, tokens);
  }

  /** Whether block counts add up in a concatenation in this encoding (true for cl100k_base, o200k_base). */
  public boolean stableJoints() {
    return stableJoints;
  }

  /** Blocks of this many tokens or more are prose; smaller ones are a line of words. */
  public int minimumBuiltTokens() {
    return minimumBuilt;
  }

  public PromptFactory factory() {
    return factory;
  }

  /** "Audit ledger vendor.\n\n": one capitalized word, then words, then the period and blank line. */
  private String wordLine(long key, int tokens) {
    int n = tokens - endCost;
    String text;
    if (n <= 0) {
      // fewer tokens than the ending costs (r50k_base: ".\n\n" is 2 tokens): a lone word, no ending
      text = factory.count("." + END) == tokens ? "." + END : startWords[(int) Math.floorMod(key, startWords.length)];
    } else {
      SplittableRandom rng = new SplittableRandom(PromptFactory.mix(key ^ 0x7F4A7C159E3779B9L));
      StringBuilder sb = new StringBuilder(n * 8 + 4);
      sb.append(startWords[rng.nextInt(startWords.length)]);
      for (int i = 1; i < n; i++) {
        sb.append(' ').append(words[rng.nextInt(words.length)]);
      }
      text = sb.append('.').append(END).toString();
    }
    int actual = factory.count(text);
    if (actual != tokens) {
      throw new IllegalStateException("could not build a " + tokens + "-token block in "
          + factory.encodingName() + " (got " + actual + ")");
    }
    return text;
  }
}
