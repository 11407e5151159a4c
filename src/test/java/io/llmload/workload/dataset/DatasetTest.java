package io.llmload.workload.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmload.config.ConfigException;
import io.llmload.config.DatasetConfig;
import io.llmload.workload.prompt.PromptFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/** Reading ShareGPT and JSONL datasets, the messages for bad input, and reproducible sampling with filters. */
class DatasetTest {
  private static final Path DIR = Path.of("src/test/resources/datasets");
  private static final ToIntFunction<String> CL100K = PromptFactory.encoding("cl100k_base")::countTokensOrdinary;

  private static DatasetConfig filters(int conversations, int minIn, int maxIn, int minOut, int maxOut) {
    return new DatasetConfig("sample", true, conversations, minIn, maxIn, minOut, maxOut);
  }

  @Test
  void shareGptKeepsUserAndAssistantMessagesInOrderAndLeavesSystemOut() {
    List<Conversation> all = DatasetReader.read(DIR.resolve("sharegpt-sample.json"));
    assertThat(all).extracting(Conversation::id).containsExactly("c1", "c2", "c3", "c4-long", "c5", "c6");
    assertThat(all.get(0).messages()).extracting(Message::role)
        .containsExactly("user", "assistant", "user", "assistant", "user", "assistant");
    assertThat(all.get(1).messages()).hasSize(2);
    assertThat(all.get(1).messages().get(0).text()).startsWith("Write a short haiku");
    assertThat(all.get(0).outputTokens()).isNull();
  }

  @Test
  void jsonlIsOneSingleTurnConversationPerLineWithItsOutputTokens() {
    List<Conversation> all = DatasetReader.read(DIR.resolve("prompts-sample.jsonl"));
    assertThat(all).hasSize(4);
    assertThat(all.get(0).messages()).containsExactly(new Message("user", "What is the capital of India?"));
    assertThat(all).extracting(Conversation::outputTokens).containsExactly(10, 40, null, 25);
  }

  @Test
  void badInputNamesTheFileTheLineOrIndexAndTheField() {
    assertThatThrownBy(() -> DatasetReader.read(DIR.resolve("sharegpt-no-user.json")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sharegpt-no-user.json [2] (line 4)")
        .hasMessageContaining("field \"conversations\"")
        .hasMessageContaining("no user turn");
    assertThatThrownBy(() -> DatasetReader.read(DIR.resolve("sharegpt-bad-value.json")))
        .hasMessageContaining("sharegpt-bad-value.json [1] (line 3)")
        .hasMessageContaining("\"conversations[0].value\"");
    assertThatThrownBy(() -> DatasetReader.read(DIR.resolve("prompts-bad-output.jsonl")))
        .hasMessageContaining("prompts-bad-output.jsonl line 3 field \"output_tokens\"");
    assertThatThrownBy(() -> DatasetReader.read(DIR.resolve("prompts-no-prompt.jsonl")))
        .hasMessageContaining("prompts-no-prompt.jsonl line 2 field \"prompt\"");
    assertThatThrownBy(() -> DatasetReader.read(DIR.resolve("missing.json")))
        .hasMessageContaining("llm.dataset.file=" + DIR.resolve("missing.json"));
  }

  @Test
  void turnsCarryTheHistoryAndTheRecordedAnswerLength() {
    Conversation c1 = DatasetReader.read(DIR.resolve("sharegpt-sample.json")).get(0);
    SampledConversation s = new DatasetSampler(filters(10, 1, 100_000, 1, 100_000), CL100K).turns(c1);
    assertThat(s.turns()).hasSize(3);
    Turn third = s.turns().get(2);
    assertThat(third.messages()).hasSize(5).last().extracting(Message::text).isEqualTo("Which region grew fastest, and why?");
    int expectedPrompt = c1.messages().subList(0, 5).stream().mapToInt(m -> CL100K.applyAsInt(m.text())).sum();
    assertThat(third.promptTokens()).isEqualTo(expectedPrompt);
    assertThat(third.outputTokens()).isEqualTo(CL100K.applyAsInt(c1.messages().get(5).text()));
  }

  @Test
  void samplingIsReproducibleFromTheSeedAndHonoursTheFilters() {
    List<Conversation> all = DatasetReader.read(DIR.resolve("sharegpt-sample.json"));
    DatasetSampler sampler = new DatasetSampler(filters(4, 4, 1024, 4, 1024), CL100K);
    List<String> a = ids(sampler.sample(all, 42));
    assertThat(ids(sampler.sample(all, 42))).isEqualTo(a);
    assertThat(a).hasSize(4).doesNotContain("c4-long"); // its first turn (1500+ tokens) is above maxInputTokens
    boolean anotherOrder = false;
    for (long seed = 1; seed < 20 && !anotherOrder; seed++) {
      anotherOrder = !ids(sampler.sample(all, seed)).equals(a);
    }
    assertThat(anotherOrder).as("another seed gives another sample").isTrue();
    for (SampledConversation c : new DatasetSampler(filters(6, 4, 1024, 4, 1024), CL100K).sample(all, 7)) {
      for (Turn t : c.turns()) {
        assertThat(t.promptTokens()).isBetween(4, 1024);
        assertThat(t.outputTokens()).isBetween(4, 1024);
      }
      if (c.source().id().equals("c5")) {
        assertThat(c.turns()).as("c5 is cut before its 1100-word second turn").hasSize(1);
      }
    }
  }

  @Test
  void outputFiltersCutConversationsAndNothingLeftIsAnError() {
    List<Conversation> all = DatasetReader.read(DIR.resolve("sharegpt-sample.json"));
    List<SampledConversation> shortAnswers = new DatasetSampler(filters(10, 1, 100_000, 1, 15), CL100K).sample(all, 1);
    assertThat(shortAnswers).allSatisfy(c -> assertThat(c.turns()).allSatisfy(t -> assertThat(t.outputTokens()).isLessThanOrEqualTo(15)));
    assertThatThrownBy(() -> new DatasetSampler(filters(10, 50_000, 60_000, 1, 10), CL100K).sample(all, 1))
        .isInstanceOf(ConfigException.class).hasMessageContaining("none of its 6 conversations passes");
  }

  private static List<String> ids(List<SampledConversation> sample) {
    return sample.stream().map(c -> c.source().id()).toList();
  }
}
