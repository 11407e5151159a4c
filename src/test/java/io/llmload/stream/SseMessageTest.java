package io.llmload.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SseMessageTest {
  @Test
  void jsonDataIsEmbeddedRawAndComesBackUnchanged() {
    String chunk = VllmChunks.content("c1", " hello, \\\"world\\\"}");
    assertThat(SseMessage.payload(VllmChunks.gatling(chunk))).isEqualTo(chunk);
  }

  @Test
  void doneIsRecoveredFromGatlingsInvalidJsonRendering() {
    assertThat(SseMessage.payload("{\"data\":[DONE]}")).isEqualTo("[DONE]");
  }

  @Test
  void nonJsonDataIsUnescaped() {
    assertThat(SseMessage.payload("{\"data\":\"not \\\"json\\\" at all\"}")).isEqualTo("not \"json\" at all");
  }

  @Test
  void eventIdAndRetryAroundDataAreIgnored() {
    assertThat(SseMessage.payload("{\"event\":\"message\",\"id\":\"7\",\"data\":{\"a\":1},\"retry\":3000}")).isEqualTo("{\"a\":1}");
  }

  @Test
  void eventWithoutDataHasNoPayload() {
    assertThat(SseMessage.payload("{\"event\":\"ping\"}")).isNull();
    assertThat(SseMessage.payload(null)).isNull();
  }
}
