package io.llmload.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK reads the simulator's streams as it reads vLLM's. */
class OpenAiSdkTest {
  private static final String MODEL = "Qwen/Qwen3-Next-80B-A3B-Instruct";

  private static OpenAIClient client(VllmSimulator sim, String key) {
    return OpenAIOkHttpClient.builder().baseUrl(sim.baseUrl() + "/v1").apiKey(key).maxRetries(0)
        .timeout(Duration.ofSeconds(30)).build();
  }

  @Test
  void streamsContentAndUsageLikeARealUser() {
    try (VllmSimulator sim = VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).ttftMs(5).itlMs(1).build())) {
      OpenAIClient client = client(sim, "sk-unused");
      ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
          .model(MODEL)
          .addSystemMessage("You are a helpful assistant.")
          .addUserMessage("Write a haiku about load testing.")
          .maxCompletionTokens(25)
          .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
          .putAdditionalBodyProperty("ignore_eos", JsonValue.from(true))
          .build();
      StringBuilder text = new StringBuilder();
      List<String> finishReasons = new ArrayList<>();
      CompletionUsage[] usage = new CompletionUsage[1];
      int[] chunks = {0};
      try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
        stream.stream().forEach(chunk -> {
          chunks[0]++;
          for (ChatCompletionChunk.Choice choice : chunk.choices()) {
            choice.delta().content().ifPresent(text::append);
            choice.finishReason().ifPresent(f -> finishReasons.add(f.asString()));
          }
          chunk.usage().ifPresent(u -> usage[0] = u);
        });
      }
      assertThat(chunks[0]).isEqualTo(1 + 25 + 1);
      assertThat(finishReasons).containsExactly("length");
      assertThat(usage[0]).isNotNull();
      assertThat(usage[0].completionTokens()).isEqualTo(25);
      assertThat(Tokenizer.count(text.toString())).isEqualTo(25);
      assertThat(usage[0].promptTokens()).isEqualTo(
          Tokenizer.count("You are a helpful assistant.") + Tokenizer.count("Write a haiku about load testing."));
      assertThat(usage[0].totalTokens()).isEqualTo(usage[0].promptTokens() + 25);
    }
  }

  @Test
  void nonStreamingCreateAndErrorsMapToTheSdkExceptions() {
    try (VllmSimulator sim = VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).ttftMs(0).itlMs(0).apiKey("k-123").build())) {
      ChatCompletion c = client(sim, "k-123").chat().completions().create(ChatCompletionCreateParams.builder()
          .model(MODEL).addUserMessage("hi").maxCompletionTokens(7)
          .putAdditionalBodyProperty("ignore_eos", JsonValue.from(true)).build());
      assertThat(c.choices().get(0).message().content()).hasValueSatisfying(t -> assertThat(Tokenizer.count(t)).isEqualTo(7));
      assertThat(c.usage()).hasValueSatisfying(u -> assertThat(u.completionTokens()).isEqualTo(7));

      assertThatThrownBy(() -> client(sim, "k-123").chat().completions().create(ChatCompletionCreateParams.builder()
          .model("no-such-model").addUserMessage("hi").build()))
          .isInstanceOf(NotFoundException.class).hasMessageContaining("The model `no-such-model` does not exist.");
      assertThatThrownBy(() -> client(sim, "wrong").chat().completions().create(ChatCompletionCreateParams.builder()
          .model(MODEL).addUserMessage("hi").build()))
          .isInstanceOf(UnauthorizedException.class);
    }
  }
}
