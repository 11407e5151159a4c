package io.llmload.workload.prompt;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Builds prompts of exactly the requested number of tokens (as counted by jtokkit), made of varied
 * enterprise prose, reproducible from a seed.
 *
 * <p>Layout of a prompt: {@code [shared prefix, K tokens, ends with a blank line]} {@code Request
 * <12 hex digits>\n} {@code <paragraphs of call-specific sentences>} {@code [\n\n instruction]}. The
 * request line and the sentences after it come from a random stream seeded by (seed, call index), so
 * two calls differ from their first tokens on (vLLM's prefix cache cannot serve them) unless a shared
 * prefix is configured, in which case every call starts with the same K tokens and differs right after.
 *
 * <p>How the count is made exact: the pieces are joined only where the tokenizer's pre-tokenizer
 * splits anyway (a sentence's final period, then a space and a letter; a line break, then a letter), so
 * BPE cannot merge across a joint and the pieces' counts add up. The body is filled sentence by
 * sentence; when no more sentence fits, short sentences and then single-token words ("Audit ledger
 * vendor.") close the gap. The whole text is then counted once; if a joint did merge after all (for
 * example a question mark followed by the instruction's blank line), the body target is corrected by the
 * difference and the body rebuilt from the same random stream, at most {@value #MAX_ADJUSTMENTS} times.
 *
 * <p>Thread-safe and immutable after construction (jtokkit encodings are thread-safe).
 */
public final class PromptFactory implements PromptBuilder {

  public static final String DEFAULT_ENCODING = "cl100k_base";

  /** How many times the body target may be corrected after counting the whole text. */
  static final int MAX_ADJUSTMENTS = 8;

  /** Fewest body tokens a prompt may have: one filler word and a period. */
  static final int MIN_BODY_TOKENS = 2;

  /** Bound on remembered chunk counts (the generator emits about a thousand distinct chunks). */
  private static final int MAX_MEMO_CHUNKS = 20_000;

  /** Sentences tried for the last gap before falling back to short sentences and filler words. */
  private static final int SENTENCE_TRIES_AT_END = 24;
  private static final int SHORT_TRIES_AT_END = 12;

  private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

  private final String encodingName;
  private final Encoding encoding;
  private final long seed;
  private final int sharedPrefixTokens;
  private final String sharedPrefix;
  /** Words that are one token as " word" and " Word" in this encoding. */
  private final String[] fillerWords;
  /** Filler words that are also one token as "Word" (no leading space), for a paragraph start. */
  private final String[] paragraphStartWords;
  /** Whether ".\n\n" is one token, i.e. a paragraph break after a period costs nothing extra. */
  private final boolean freeParagraphBreaks;
  private final Map<String, Integer> chunkCounts = new ConcurrentHashMap<>();
  private final LongAdder corrections = new LongAdder();

  /**
   * @param encodingName       a jtokkit encoding name ("cl100k_base", "o200k_base", ...); null or blank
   *                           means {@value #DEFAULT_ENCODING}
   * @param seed               the run's seed: same seed, call index and sizes give the same text
   * @param sharedPrefixTokens 0 for a unique head on every call; K &gt;= 2 for a K-token prefix common to
   *                           all calls of this factory (derived from the seed)
   * @throws IllegalArgumentException for an unknown encoding name (the message lists the valid ones) or
   *                                  a negative or too small prefix size
   */
  public PromptFactory(String encodingName, long seed, int sharedPrefixTokens) {
    EncodingType type = encodingType(
        encodingName == null || encodingName.isBlank() ? DEFAULT_ENCODING : encodingName.trim());
    this.encodingName = type.getName();
    this.encoding = encoding(type.getName());
    this.seed = seed;
    if (sharedPrefixTokens < 0 || sharedPrefixTokens == 1) {
      throw new IllegalArgumentException(
          "sharedPrefixTokens must be 0 (no shared prefix) or at least 2, got " + sharedPrefixTokens);
    }
    this.sharedPrefixTokens = sharedPrefixTokens;

    List<String> filler = new ArrayList<>();
    List<String> startWords = new ArrayList<>();
    for (String w : EnterpriseProse.FILLER_WORDS) {
      String cap = capitalize(w);
      if (count(" " + w) == 1 && count(" " + cap) == 1) {
        filler.add(w);
        if (count(cap) == 1) {
          startWords.add(w);
        }
      }
    }
    if (filler.size() < 8 || startWords.isEmpty()) {
      throw new IllegalStateException("encoding " + this.encodingName
          + " has too few single-token filler words to build exact prompts: " + filler);
    }
    this.fillerWords = filler.toArray(String[]::new);
    this.paragraphStartWords = startWords.toArray(String[]::new);
    this.freeParagraphBreaks = count(".\n\n") == 1 && count(".") == 1;
    this.sharedPrefix = sharedPrefixTokens == 0 ? "" : buildSharedPrefix(sharedPrefixTokens);
  }

  /**
   * The jtokkit encoding of a name ("cl100k_base", case-insensitive), from the one registry every user of
   * an encoding shares; an IllegalArgumentException listing the valid names when jtokkit has no such encoding.
   */
  public static Encoding encoding(String name) {
    EncodingType type = encodingType(name);
    synchronized (REGISTRY) {
      return REGISTRY.getEncoding(type);
    }
  }

  /** The jtokkit encoding type for a name, or an IllegalArgumentException listing the valid names. */
  static EncodingType encodingType(String name) {
    Optional<EncodingType> type = EncodingType.fromName(name);
    if (type.isEmpty()) {
      type = EncodingType.fromName(name.toLowerCase(Locale.ROOT));
    }
    if (type.isEmpty()) {
      throw new IllegalArgumentException("Unknown tokenizer encoding '" + name + "'; valid names: "
          + validEncodingNames());
    }
    return type.get();
  }

  /** "r50k_base, p50k_base, p50k_edit, cl100k_base, o200k_base" (whatever jtokkit supports). */
  public static String validEncodingNames() {
    return Arrays.stream(EncodingType.values()).map(EncodingType::getName)
        .collect(Collectors.joining(", "));
  }

  /** A prompt of exactly {@code tokens} tokens for this call. */
  public String build(long callIndex, int tokens) {
    return build(callIndex, tokens, null);
  }

  /**
   * A prompt of exactly {@code tokens} tokens in total, ending with the instruction. The instruction is
   * separated from the prose by a blank line unless it already starts with white space (then it is
   * appended as is). A null or empty instruction means none.
   *
   * @throws IllegalArgumentException if {@code tokens} is too small for prefix, request line,
   *                                  instruction and a minimal body ({@link #minimumTokens(String)})
   * @throws IllegalStateException    if the count could not be made exact (not observed in practice)
   */
  @Override
  public String build(long callIndex, int tokens, String instruction) {
    String suffix = suffixFor(instruction);
    SplittableRandom rng = new SplittableRandom(callSeed(callIndex));
    String head = requestLine(rng);
    // Costs of the fixed parts. The suffix follows the body's final period, and a period followed by
    // line breaks is one pre-token, so the suffix is counted in that context.
    int headCost = count(head);
    int suffixCost = suffix.isEmpty() ? 0 : count("." + suffix) - count(".");
    int minimum = sharedPrefixTokens + headCost + suffixCost + MIN_BODY_TOKENS;
    if (tokens < minimum) {
      throw new IllegalArgumentException("a prompt of " + tokens + " tokens is too small: the shared prefix ("
          + sharedPrefixTokens + "), request line (" + headCost + "), instruction (" + suffixCost
          + ") and minimal text (" + MIN_BODY_TOKENS + ") need " + minimum);
    }
    int bodyTarget = tokens - sharedPrefixTokens - headCost - suffixCost;
    StringBuilder text = new StringBuilder(tokens * 5 + 64);
    for (int attempt = 0; attempt <= MAX_ADJUSTMENTS && bodyTarget >= MIN_BODY_TOKENS; attempt++) {
      // Every attempt replays the same random stream, so only the tail of the body changes.
      SplittableRandom bodyRng = new SplittableRandom(callSeed(callIndex));
      requestLine(bodyRng);
      text.setLength(0);
      text.append(sharedPrefix).append(head);
      appendBody(text, bodyRng, bodyTarget);
      text.append(suffix);
      String candidate = text.toString();
      int actual = count(candidate);
      if (actual == tokens) {
        return candidate;
      }
      corrections.increment();
      bodyTarget += tokens - actual;
    }
    throw new IllegalStateException("could not build a prompt of exactly " + tokens + " tokens in "
        + encodingName + " for call " + callIndex + " after " + MAX_ADJUSTMENTS + " corrections");
  }

  /**
   * A token count that {@link #build(long, int, String)} accepts for this instruction on every call. (The
   * request line's length depends on the hex digits drawn; this assumes the worst case, one token per
   * digit, so some calls would also accept a few tokens less.)
   */
  public int minimumTokens(String instruction) {
    String suffix = suffixFor(instruction);
    int suffixCost = suffix.isEmpty() ? 0 : count("." + suffix) - count(".");
    int worstRequestLine = count("Request") + 1 + 12 + 1;
    return sharedPrefixTokens + worstRequestLine + suffixCost + MIN_BODY_TOKENS;
  }

  /** Token count of any text with this factory's encoding (special-token text counted as plain text). */
  public int count(String text) {
    return encoding.countTokensOrdinary(text);
  }

  /**
   * Counts a sentence as the sum of its space-separated chunks (" word", " 42", " percent."), each
   * counted once and remembered. Exact because every encoding's pre-tokenizer starts a new pre-token at
   * a single space before a word or number, and BPE never merges across pre-tokens; it replaces most of
   * the tokenizer work of a build (only the final whole-text check remains). The generator's vocabulary
   * is small, so the memo stays small; it is capped anyway.
   */
  int chunkedCount(String sentence) {
    int total = 0;
    int start = 0;
    int length = sentence.length();
    while (start < length) {
      int end = sentence.indexOf(' ', start + 1);
      if (end < 0) {
        end = length;
      }
      String chunk = sentence.substring(start, end);
      Integer known = chunkCounts.get(chunk);
      if (known == null) {
        known = count(chunk);
        if (chunkCounts.size() < MAX_MEMO_CHUNKS) {
          chunkCounts.put(chunk, known);
        }
      }
      total += known;
      start = end;
    }
    return total;
  }

  /** How many times a whole-text count disagreed with the pieces' sum and the body was rebuilt. */
  long corrections() {
    return corrections.sum();
  }

  public String encodingName() {
    return encodingName;
  }

  public long seed() {
    return seed;
  }

  public int sharedPrefixTokens() {
    return sharedPrefixTokens;
  }

  /** The text every prompt starts with ("" when no shared prefix is configured). */
  public String sharedPrefix() {
    return sharedPrefix;
  }

  // ---------------------------------------------------------------------------------------------

  private String buildSharedPrefix(int k) {
    // The prefix is prose that ends with a blank line, so the request line after it starts a new
    // pre-token and the first K tokens of every prompt are exactly the prefix's tokens.
    int target = k;
    StringBuilder text = new StringBuilder(k * 5 + 16);
    for (int attempt = 0; attempt <= MAX_ADJUSTMENTS && target >= MIN_BODY_TOKENS; attempt++) {
      SplittableRandom rng = new SplittableRandom(mix(seed ^ 0x5EED_0F_5A4EDL));
      text.setLength(0);
      appendBody(text, rng, target);
      text.append("\n\n");
      String candidate = text.toString();
      // Counted where it is used, in front of the request line: with older encodings the blank line
      // tokenizes differently at the very end of a text than before a word.
      int actual = count(candidate + "Request") - count("Request");
      if (actual == k) {
        return candidate;
      }
      target += k - actual;
    }
    throw new IllegalStateException("could not build a shared prefix of exactly " + k + " tokens");
  }

  /** "Request 3f9a1c2e7b41\n": the call's unique first line, 48 bits from the call's random stream. */
  private static String requestLine(SplittableRandom rng) {
    String hex = Long.toHexString(rng.nextLong() | 0x1000_0000_0000_0000L).substring(4);
    return "Request " + hex + "\n";
  }

  private static String suffixFor(String instruction) {
    if (instruction == null || instruction.isEmpty()) {
      return "";
    }
    return Character.isWhitespace(instruction.charAt(0)) ? instruction : "\n\n" + instruction;
  }

  /**
   * Appends paragraphs of sentences that tokenize to exactly {@code target} tokens (when counted as part
   * of a text in which they follow a line break), ending with a period.
   */
  private void appendBody(StringBuilder out, SplittableRandom rng, int target) {
    int used = 0;
    boolean paragraphStart = true;
    int sentencesLeftInParagraph = 3 + rng.nextInt(5);
    int misses = 0;
    while (target - used >= MIN_BODY_TOKENS) {
      String sentence;
      if (misses < SENTENCE_TRIES_AT_END) {
        sentence = EnterpriseProse.sentence(rng);
      } else if (misses < SENTENCE_TRIES_AT_END + SHORT_TRIES_AT_END) {
        sentence = EnterpriseProse.shortSentence(rng);
      } else {
        break;
      }
      boolean breakBefore = sentencesLeftInParagraph == 0 && freeParagraphBreaks;
      boolean noSpace = paragraphStart || breakBefore;
      // A paragraph break merges into the previous sentence's period token, so it costs nothing.
      int cost = chunkedCount(noSpace ? sentence : " " + sentence);
      int left = target - used - cost;
      if (left != 0 && left < MIN_BODY_TOKENS) {
        misses++;
        continue;
      }
      if (breakBefore) {
        out.append("\n\n");
        sentencesLeftInParagraph = 3 + rng.nextInt(5);
      } else if (!paragraphStart) {
        out.append(' ');
      }
      out.append(sentence);
      used += cost;
      paragraphStart = false;
      sentencesLeftInParagraph = Math.max(0, sentencesLeftInParagraph - 1);
    }
    appendFiller(out, rng, target - used, paragraphStart);
  }

  /**
   * Closes the last gap with keyword lines of single-token words: each line of g tokens is g - 1 words
   * and a period ("Audit ledger vendor."). {@code tokens} is 0 or at least 2.
   */
  private void appendFiller(StringBuilder out, SplittableRandom rng, int tokens, boolean paragraphStart) {
    int left = tokens;
    boolean first = paragraphStart;
    while (left > 0) {
      int line = left <= 8 ? left : Math.min(6, left - MIN_BODY_TOKENS);
      for (int i = 0; i < line - 1; i++) {
        if (first) {
          out.append(capitalize(paragraphStartWords[rng.nextInt(paragraphStartWords.length)]));
          first = false;
        } else {
          String w = fillerWords[rng.nextInt(fillerWords.length)];
          out.append(' ').append(i == 0 ? capitalize(w) : w);
        }
      }
      out.append('.');
      left -= line;
    }
  }

  private long callSeed(long callIndex) {
    return mix(seed ^ mix(callIndex + 0x9E3779B97F4A7C15L));
  }

  /** SplitMix64's finalizer: spreads nearby seeds and call indexes over unrelated random streams. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static String capitalize(String w) {
    return Character.toUpperCase(w.charAt(0)) + w.substring(1);
  }
}
