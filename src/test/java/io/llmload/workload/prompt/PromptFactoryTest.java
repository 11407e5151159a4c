package io.llmload.workload.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PromptFactoryTest {

  /** The lead's instructions (io.llmload.workload.Instructions) start with a blank line. */
  static final String TASK = "\n\nTask: Provide a precise, structured summary with numbered sections and"
      + " bullet points. Include risk drivers, controls, and scenario impacts where relevant.";
  static final String STEP = "\n\nStep 3 / 5 - Reasoner: derive implications and edge cases.";
  static final String PLAIN = "Summarize the above in five bullet points.";
  static final String[] INSTRUCTIONS = {null, TASK, STEP, PLAIN, "?"};

  private static Encoding encoding(String name) {
    return Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.fromName(name).orElseThrow());
  }

  private static List<Integer> tokens(Encoding e, String text) {
    return e.encodeOrdinary(text).boxed();
  }

  @ParameterizedTest
  @ValueSource(strings = {"cl100k_base", "o200k_base"})
  void hitsTheExactCountForManySizesSeedsAndInstructions(String encodingName) {
    Encoding independent = encoding(encodingName);
    long[] seeds = {1, 42, -7, 123_456_789_012L};
    int checked = 0;
    for (long seed : seeds) {
      PromptFactory factory = new PromptFactory(encodingName, seed, 0);
      SplittableRandom sizes = new SplittableRandom(seed);
      List<Integer> targets = new ArrayList<>(List.of(50, 51, 52, 53, 57, 64, 77, 100, 129, 256, 500, 1000));
      for (int i = 0; i < 8; i++) {
        targets.add(800 + sizes.nextInt(3201));   // the seed workload's agent range
      }
      for (int i = 0; i < 3; i++) {
        targets.add(7000 + sizes.nextInt(3001));  // the seed workload's heavy range
      }
      long call = 0;
      for (int target : targets) {
        for (String instruction : INSTRUCTIONS) {
          String text = factory.build(call++, target, instruction);
          assertThat(factory.count(text)).as("%s seed %d size %d instruction %s", encodingName, seed, target,
              instruction).isEqualTo(target);
          // The factory's own counter is jtokkit's: recount with an independent Encoding instance.
          assertThat(independent.countTokensOrdinary(text)).isEqualTo(target);
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(4 * 23 * INSTRUCTIONS.length);
  }

  @ParameterizedTest
  @ValueSource(strings = {"cl100k_base", "o200k_base"})
  void hitsTheExactCountForEverySizeInARangeAndForVeryLargePrompts(String encodingName) {
    PromptFactory factory = new PromptFactory(encodingName, 5, 0);
    for (int target = 40; target <= 400; target++) {
      assertThat(factory.count(factory.build(target, target))).isEqualTo(target);
    }
    for (int target : new int[] {16_000, 32_000}) {
      assertThat(factory.count(factory.build(1, target, TASK))).isEqualTo(target);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"r50k_base", "p50k_base", "p50k_edit"})
  void olderEncodingsAreExactToo(String encodingName) {
    PromptFactory factory = new PromptFactory(encodingName, 9, 0);
    for (int target : new int[] {50, 333, 1500, 8000}) {
      for (String instruction : INSTRUCTIONS) {
        assertThat(factory.count(factory.build(target, target, instruction))).isEqualTo(target);
      }
    }
    PromptFactory withPrefix = new PromptFactory(encodingName, 9, 300);
    assertThat(withPrefix.count(withPrefix.build(3, 2000, TASK))).isEqualTo(2000);
  }

  @Test
  void theSmallestAcceptedSizeIsExactAndSmallerIsRejected() {
    PromptFactory factory = new PromptFactory("cl100k_base", 3, 0);
    for (String instruction : INSTRUCTIONS) {
      int min = factory.minimumTokens(instruction);
      for (long call = 0; call < 50; call++) {
        assertThat(factory.count(factory.build(call, min, instruction))).isEqualTo(min);
      }
    }
    assertThat(factory.minimumTokens(TASK)).isLessThanOrEqualTo(50);
    assertThatThrownBy(() -> factory.build(0, 5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too small");
    assertThatThrownBy(() -> factory.build(0, 25, TASK)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sameSeedCallAndSizeGiveTheSameTextAndAnythingElseChangesIt() {
    PromptFactory a = new PromptFactory("cl100k_base", 42, 0);
    PromptFactory b = new PromptFactory("cl100k_base", 42, 0);
    PromptFactory otherSeed = new PromptFactory("cl100k_base", 43, 0);
    for (long call = 0; call < 20; call++) {
      String text = a.build(call, 3000, TASK);
      assertThat(b.build(call, 3000, TASK)).isEqualTo(text);
      assertThat(a.build(call, 3000, TASK)).isEqualTo(text);
      assertThat(otherSeed.build(call, 3000, TASK)).isNotEqualTo(text);
      assertThat(a.build(call + 1, 3000, TASK)).isNotEqualTo(text);
    }
    PromptFactory prefixed1 = new PromptFactory("o200k_base", 42, 500);
    PromptFactory prefixed2 = new PromptFactory("o200k_base", 42, 500);
    assertThat(prefixed2.build(7, 9000, STEP)).isEqualTo(prefixed1.build(7, 9000, STEP));
  }

  @ParameterizedTest
  @ValueSource(strings = {"cl100k_base", "o200k_base"})
  void everyCallHasItsOwnHead(String encodingName) {
    PromptFactory factory = new PromptFactory(encodingName, 11, 0);
    Encoding e = encoding(encodingName);
    Set<List<Integer>> heads = new HashSet<>();
    Set<String> firstLines = new HashSet<>();
    for (long call = 0; call < 300; call++) {
      String text = factory.build(call, 500 + (int) call);
      heads.add(tokens(e, text).subList(0, 64));
      assertThat(text).startsWith("Request ");
      firstLines.add(text.substring(0, text.indexOf('\n')));
    }
    assertThat(heads).hasSize(300);
    assertThat(firstLines).hasSize(300);
  }

  @ParameterizedTest
  @ValueSource(strings = {"cl100k_base", "o200k_base"})
  void aSharedPrefixIsTheSameFirstKTokensOnEveryCallAndTheRestDiffers(String encodingName) {
    Encoding e = encoding(encodingName);
    for (int k : new int[] {2, 3, 64, 700, 3000}) {
      PromptFactory factory = new PromptFactory(encodingName, 77, k);
      List<Integer> prefixTokens = tokens(e, factory.sharedPrefix());
      assertThat(prefixTokens).hasSize(k);
      Set<List<Integer>> afterPrefix = new HashSet<>();
      SplittableRandom sizes = new SplittableRandom(k);
      for (long call = 0; call < 25; call++) {
        int target = k + 100 + sizes.nextInt(5000);
        String instruction = INSTRUCTIONS[(int) (call % INSTRUCTIONS.length)];
        String text = factory.build(call, target, instruction);
        List<Integer> all = tokens(e, text);
        assertThat(all).as("k=%d call=%d", k, call).hasSize(target);
        assertThat(all.subList(0, k)).isEqualTo(prefixTokens);
        assertThat(text).startsWith(factory.sharedPrefix());
        afterPrefix.add(all.subList(k, k + 64));
      }
      assertThat(afterPrefix).as("the unique part follows the prefix").hasSize(25);
    }
    PromptFactory otherSeed = new PromptFactory(encodingName, 78, 700);
    assertThat(otherSeed.sharedPrefix()).isNotEqualTo(new PromptFactory(encodingName, 77, 700).sharedPrefix());
    PromptFactory factory = new PromptFactory(encodingName, 77, 700);
    assertThatThrownBy(() -> factory.build(0, 710)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"cl100k_base", "o200k_base", "r50k_base"})
  void sentencesCountAsTheSumOfTheirChunksSoRebuildsAreRare(String encodingName) {
    PromptFactory factory = new PromptFactory(encodingName, 1, 0);
    SplittableRandom rng = new SplittableRandom(8);
    for (int i = 0; i < 3000; i++) {
      String sentence = EnterpriseProse.sentence(rng);
      assertThat(factory.chunkedCount(sentence)).as(sentence).isEqualTo(factory.count(sentence));
      assertThat(factory.chunkedCount(" " + sentence)).as(sentence).isEqualTo(factory.count(" " + sentence));
    }
    for (int call = 0; call < 100; call++) {
      factory.build(call, 2000 + call, call % 2 == 0 ? TASK : null);
    }
    assertThat(factory.corrections()).as("rebuilds in 100 builds").isLessThan(10);
  }

  @Test
  void rejectsANegativeOrOneTokenPrefix() {
    assertThatThrownBy(() -> new PromptFactory("cl100k_base", 1, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PromptFactory("cl100k_base", 1, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"cl100k_base", "o200k_base"})
  void theTextIsVariedNaturalLookingProse(String encodingName) {
    Set<String> vocabulary = EnterpriseProse.vocabulary();
    for (long seed : new long[] {1, 2, 3}) {
      PromptFactory factory = new PromptFactory(encodingName, seed, 0);
      String text = factory.build(seed, 10_000, PLAIN);
      // The prose between "Request <hex id>" and the instruction.
      String prose = text.substring(text.indexOf('\n') + 1, text.length() - PLAIN.length());
      String[] words = prose.split("[^A-Za-z]+");
      Map<String, Integer> frequency = new HashMap<>();
      int total = 0;
      for (String w : words) {
        if (w.isEmpty()) {
          continue;
        }
        total++;
        String lower = w.toLowerCase(Locale.ROOT);
        frequency.merge(lower, 1, Integer::sum);
        assertThat(w.length()).as(w).isLessThanOrEqualTo(20);
        assertThat(vocabulary).as("no made-up words").contains(lower);
      }
      int top = frequency.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
      assertThat(total).isGreaterThan(6000);
      assertThat((double) top / total).as("most frequent word share").isLessThan(0.10);
      assertThat(frequency).as("distinct words").hasSizeGreaterThan(400);

      List<String> sentences = Arrays.stream(prose.split("(?<=[.?])\\s+"))
          .filter(s -> s.length() > 30).toList();
      assertThat(new HashSet<>(sentences).size()).as("distinct long sentences")
          .isGreaterThan(sentences.size() * 9 / 10);
      assertThat(prose).contains("\n\n");   // paragraphs
      assertThat(text).endsWith("\n\n" + PLAIN);
    }
  }

  @Test
  void instructionsAreAppendedVerbatimAfterABlankLine() {
    PromptFactory factory = new PromptFactory(null, 1, 0);
    assertThat(factory.encodingName()).isEqualTo("cl100k_base");
    assertThat(factory.build(1, 900, TASK)).endsWith("." + TASK);
    assertThat(factory.build(1, 900, PLAIN)).endsWith(".\n\n" + PLAIN);
    assertThat(factory.build(1, 900, "")).isEqualTo(factory.build(1, 900));
    assertThat(factory.build(1, 900, null)).endsWith(".");
  }

  @Test
  void unknownEncodingNamesAreRejectedWithTheValidNames() {
    assertThatThrownBy(() -> new PromptFactory("gpt2_bpe", 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gpt2_bpe")
        .hasMessageContaining("cl100k_base")
        .hasMessageContaining("o200k_base")
        .hasMessageContaining("r50k_base")
        .hasMessageContaining("p50k_base");
    assertThat(new PromptFactory(" O200K_BASE ", 1, 0).encodingName()).isEqualTo("o200k_base");
  }

  @Test
  void buildingFromManyThreadsGivesTheSameTextsAsOneThread() throws Exception {
    PromptFactory factory = new PromptFactory("o200k_base", 99, 128);
    List<String> expected = new ArrayList<>();
    for (int call = 0; call < 40; call++) {
      expected.add(factory.build(call, 1000 + 37 * call, STEP));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int call = 0; call < 40; call++) {
        int c = call;
        results.add(pool.submit(() -> factory.build(c, 1000 + 37 * c, STEP)));
      }
      for (int call = 0; call < 40; call++) {
        assertThat(results.get(call).get()).isEqualTo(expected.get(call));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
