package io.llmload.workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmload.config.LlmConfig;
import io.llmload.config.Settings;
import io.llmload.workload.dataset.Message;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A conversation turn's body: the recorded messages in order, no system prompt, the output forced or not. */
class ConversationBodyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void sendsTheHistoryAsRecordedAndForcesTheLengthOnlyWhenAsked() throws Exception {
    RequestBodies bodies = new RequestBodies(LlmConfig.read(Settings.of(Map.of()), LlmConfig.Defaults.SEED), "m");
    List<Message> turn2 = List.of(new Message("user", "Hi"), new Message("assistant", "Hello!"), new Message("user", "More?"));
    JsonNode forced = JSON.readTree(bodies.conversationBody(turn2, 30, true));
    assertThat(forced.get("messages")).hasSize(3);
    assertThat(forced.get("messages").get(1).get("role").asText()).isEqualTo("assistant");
    assertThat(forced.get("messages").get(1).get("content").asText()).isEqualTo("Hello!");
    assertThat(forced.get("messages").get(2).get("content").asText()).isEqualTo("More?");
    assertThat(forced.get("max_tokens").asInt()).isEqualTo(30);
    assertThat(forced.get("min_tokens").asInt()).isEqualTo(30);
    assertThat(forced.get("ignore_eos").asBoolean()).isTrue();
    assertThat(forced.get("stream_options").get("include_usage").asBoolean()).isTrue();
    JsonNode free = JSON.readTree(bodies.conversationBody(turn2, 30, false));
    assertThat(free.get("max_tokens").asInt()).isEqualTo(30);
    assertThat(free.has("min_tokens")).isFalse();
    assertThat(free.has("ignore_eos")).isFalse();
  }
}
