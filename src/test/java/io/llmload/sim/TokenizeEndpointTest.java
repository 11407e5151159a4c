package io.llmload.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator's /tokenize answers as vLLM's does: the chat form counts what a chat request with the same
 * messages reports as usage.prompt_tokens, template overhead included; both generation flags are refused.
 */
class TokenizeEndpointTest {
  static VllmSimulator sim;
  static TestHttp http;
  static final String MESSAGES = "\"messages\":[{\"role\":\"system\",\"content\":\"You are terse.\"},"
      + "{\"role\":\"user\",\"content\":\"Count these words, please.\"}]";

  @BeforeAll
  static void start() {
    sim = VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).ttftMs(0).itlMs(0).messageOverheadTokens(4).build());
    http = new TestHttp(sim);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @Test
  void chatCountIncludesTheTemplateAndEqualsTheCompletionsUsage() throws Exception {
    JsonNode t = TestHttp.json(http.post("/tokenize", "{" + MESSAGES + ",\"add_generation_prompt\":true}").body());
    int contents = Tokenizer.count("You are terse.") + Tokenizer.count("Count these words, please.");
    assertThat(t.get("count").asInt()).isEqualTo(contents + 2 * 4);
    assertThat(t.get("tokens").size()).isEqualTo(t.get("count").asInt());
    assertThat(t.get("token_strs").isNull()).isTrue();
    assertThat(t.has("max_model_len")).isTrue();
    JsonNode completion = TestHttp.json(http.post("/v1/chat/completions", "{" + MESSAGES + ",\"max_tokens\":2}").body());
    assertThat(completion.path("usage").path("prompt_tokens").asInt()).isEqualTo(t.get("count").asInt());
  }

  @Test
  void bothGenerationFlagsAreRefusedAndTokenStringsAreReturnedOnRequest() throws Exception {
    HttpResponse<String> both = http.post("/tokenize",
        "{" + MESSAGES + ",\"add_generation_prompt\":true,\"continue_final_message\":true}");
    assertThat(both.statusCode()).isEqualTo(400);
    assertThat(both.body()).contains("continue_final_message");
    assertThat(http.post("/tokenize", "{" + MESSAGES + ",\"continue_final_message\":true}").statusCode())
        .as("add_generation_prompt defaults to true, as in vLLM").isEqualTo(400);
    JsonNode strs = TestHttp.json(http.post("/tokenize",
        "{" + MESSAGES + ",\"return_token_strs\":true}").body());
    assertThat(strs.get("token_strs").size()).isEqualTo(strs.get("count").asInt());
    assertThat(strs.get("token_strs").get(0).asText()).isEqualTo("<|endoftext|>");
    assertThat(http.post("/tokenize", "{\"model\":\"other\",\"prompt\":\"x\"}").statusCode()).isEqualTo(404);
  }
}
