package io.llmload.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VocabularyTest {

  @Test
  void everyEntryIsExactlyOneCl100kToken() {
    for (int i = 0; i < Vocabulary.size(); i++) {
      String w = Vocabulary.entry(i);
      assertThat(Tokenizer.count(w)).as("'%s'", w).isEqualTo(1);
    }
    assertThat(Vocabulary.size()).isGreaterThan(100);
  }

  @Test
  void aStreamOfTokensCountsAsItsLength() {
    for (long seed = 1; seed <= 20; seed++) {
      StringBuilder text = new StringBuilder();
      int n = 500 + (int) seed * 37;
      for (int i = 0; i < n; i++) text.append(Vocabulary.token(seed, i));
      assertThat(Tokenizer.count(text.toString())).as("seed %d", seed).isEqualTo(n);
    }
  }

  @Test
  void everyPairOfEntriesCountsAsTwoTokens() {
    for (int i = 0; i < Vocabulary.size(); i++) {
      for (int j = 0; j < Vocabulary.size(); j++) {
        String pair = Vocabulary.entry(i) + Vocabulary.entry(j);
        assertThat(Tokenizer.count(pair)).as("'%s'", pair).isEqualTo(2);
      }
    }
  }

  @Test
  void tokensAreAFunctionOfSeedAndIndex() {
    assertThat(Vocabulary.token(7, 3)).isEqualTo(Vocabulary.token(7, 3));
    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      a.append(Vocabulary.token(1, i));
      b.append(Vocabulary.token(2, i));
    }
    assertThat(a.toString()).isNotEqualTo(b.toString());
  }
}
