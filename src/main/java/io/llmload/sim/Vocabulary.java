package io.llmload.sim;

import java.util.List;

/**
 * The words the simulator "generates". Each entry is a space followed by a word that cl100k_base encodes as
 * exactly ONE token, and cl100k's pre-tokenizer splits a run of them at every leading space, so a client
 * counting the streamed text with jtokkit gets exactly usage.completion_tokens (VocabularyTest checks both).
 * Token i of a request is a pure function of (request seed, i): nothing is stored per token.
 */
final class Vocabulary {
  private static final List<String> WORDS = List.of(
      "the", "of", "and", "to", "in", "is", "that", "for", "it", "as", "with", "was", "on", "be", "by", "at",
      "this", "are", "from", "or", "have", "an", "they", "which", "one", "you", "were", "all", "we", "her",
      "she", "there", "would", "their", "will", "when", "who", "him", "been", "has", "more", "if", "no", "out",
      "do", "so", "can", "what", "up", "said", "about", "other", "into", "than", "its", "time", "only", "could",
      "new", "them", "man", "some", "these", "then", "two", "first", "may", "any", "like", "now", "my", "such",
      "make", "over", "our", "even", "most", "me", "state", "after", "also", "made", "many", "before", "must",
      "through", "back", "years", "where", "much", "your", "way", "well", "down", "should", "because", "each",
      "just", "those", "people", "how", "too", "little", "good", "very", "see", "long", "system", "data",
      "model", "request", "server", "token", "stream", "world", "work", "life", "day", "part", "number",
      "group", "case", "point", "government", "company", "week", "place", "problem", "fact", "hand", "high",
      "small", "large", "next", "early", "young", "important", "few", "public", "same", "able", "last",
      "great", "own", "old", "right", "big", "different", "following", "local", "social", "sure", "national",
      "best", "better", "level", "value", "result", "process", "order", "form", "service", "market", "price",
      "test", "load", "queue", "batch", "cache", "memory", "engine", "report");

  private static final String[] TOKENS = WORDS.stream().map(w -> " " + w).toArray(String[]::new);

  private Vocabulary() {}

  static int size() {
    return TOKENS.length;
  }

  static String entry(int index) {
    return TOKENS[index];
  }

  /** The text of output token {@code i} of the request seeded with {@code requestSeed}. */
  static String token(long requestSeed, int i) {
    long h = mix(requestSeed + 0x9E3779B97F4A7C15L * (i + 1));
    return TOKENS[(int) Math.floorMod(h, (long) TOKENS.length)];
  }

  /** SplitMix64 finalizer. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
