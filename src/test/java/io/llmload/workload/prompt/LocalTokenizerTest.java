package io.llmload.workload.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A local tokenizer.json (a tiny word-level one written for the tests: one token per word or punctuation run)
 * counts without DJL's default 512-token truncation, and prompts sized with it come out exact or, where a
 * size is out of the builder's reach, one token off.
 */
class LocalTokenizerTest {
  private static final Path FOLDER = Path.of("src/test/resources/tokenizers/wordlevel");

  @Test
  void countsWordsAndPunctuationWithoutTruncation() throws Exception {
    try (LocalTokenizer t = new LocalTokenizer(FOLDER)) {
      assertThat(t.file()).isEqualTo(FOLDER.resolve("tokenizer.json"));
      assertThat(t.count("Hello, world!")).isEqualTo(4);
      assertThat(t.count("")).isZero();
      assertThat(t.count("the report, ".repeat(2000))).as("no cut at 512").isEqualTo(6000);
      assertThat(t.count("System.", "Hello world")).isEqualTo(4);
    }
  }

  @Test
  void promptsSizedWithTheModelsTokenizerAreExact() throws Exception {
    try (LocalTokenizer t = new LocalTokenizer(FOLDER.resolve("tokenizer.json"))) {
      PromptFactory factory = new PromptFactory("cl100k_base", 11, 0);
      ServerSizedPrompts sized = new ServerSizedPrompts(factory, t, "You are terse.");
      int exact = 0;
      for (int i = 0; i < 20; i++) {
        int tokens = 200 + 53 * i;
        int counted = t.count("You are terse.", sized.build(i, tokens, "Answer in one line."));
        assertThat(counted).isBetween(tokens - 1, tokens + 1);
        exact += counted == tokens ? 1 : 0;
      }
      // a word-level tokenizer is far from cl100k (a cl100k token can add 0 or 2 words): a few sizes are
      // out of reach and come out one token off, counted as not exact
      assertThat(exact).isEqualTo(20 - (int) sized.inexact()).isGreaterThanOrEqualTo(16);
    }
  }
}
