package io.llmload.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChunkParserTest {
  @Test
  void roleChunkCarriesNoToken() {
    StreamChunk c = ChunkParser.parse(VllmChunks.role("a"));
    assertThat(c.kind()).isEqualTo(StreamChunk.Kind.DATA);
    assertThat(c.tokenBearing()).isFalse();
    assertThat(c.id()).isEqualTo("a");
  }

  @Test
  void contentChunkCarriesAnOutputToken() {
    StreamChunk c = ChunkParser.parse(VllmChunks.content("a", " the"));
    assertThat(c.tokenBearing()).isTrue();
    assertThat(c.outputBearing()).isTrue();
    assertThat(c.content()).isEqualTo(" the");
  }

  @Test
  void reasoningIsATokenButNotOutput() {
    StreamChunk c = ChunkParser.parse(VllmChunks.reasoning("a", " think"));
    assertThat(c.tokenBearing()).isTrue();
    assertThat(c.outputBearing()).isFalse();
    assertThat(c.reasoning()).isEqualTo(" think");
  }

  @Test
  void olderReasoningContentAloneIsRead() {
    StreamChunk c = ChunkParser.parse("{\"choices\":[{\"delta\":{\"reasoning_content\":\"hm\"}}]}");
    assertThat(c.reasoning()).isEqualTo("hm");
  }

  @Test
  void toolCallIsOutput() {
    StreamChunk c = ChunkParser.parse(VllmChunks.toolCall("a", "{\\\"city\\\""));
    assertThat(c.toolCall()).isTrue();
    assertThat(c.outputBearing()).isTrue();
    assertThat(c.toolText()).isEqualTo("{\"city\"");
  }

  @Test
  void usageChunkWithEmptyChoices() {
    StreamChunk c = ChunkParser.parse(VllmChunks.usage("a", 7000, 4000));
    assertThat(c.kind()).isEqualTo(StreamChunk.Kind.DATA);
    assertThat(c.tokenBearing()).isFalse();
    assertThat(c.promptTokens()).isEqualTo(7000);
    assertThat(c.completionTokens()).isEqualTo(4000);
  }

  @Test
  void finishReasonOnTheLastTokensChunk() {
    StreamChunk c = ChunkParser.parse(VllmChunks.last("a", " end", "length"));
    assertThat(c.tokenBearing()).isTrue();
    assertThat(c.finishReason()).isEqualTo("length");
  }

  @Test
  void emptyContentOnEosCarriesNoToken() {
    StreamChunk c = ChunkParser.parse(VllmChunks.last("a", "", "stop"));
    assertThat(c.tokenBearing()).isFalse();
    assertThat(c.finishReason()).isEqualTo("stop");
  }

  @Test
  void errorEventsNestedAndFlat() {
    StreamChunk nested = ChunkParser.parse(VllmChunks.error("engine died"));
    assertThat(nested.kind()).isEqualTo(StreamChunk.Kind.ERROR);
    assertThat(nested.error()).contains("engine died").contains("500");
    StreamChunk flat = ChunkParser.parse("{\"object\":\"error\",\"message\":\"old style\"}");
    assertThat(flat.kind()).isEqualTo(StreamChunk.Kind.ERROR);
    assertThat(flat.error()).isEqualTo("old style");
  }

  @Test
  void doneAndInvalid() {
    assertThat(ChunkParser.parse("[DONE]").kind()).isEqualTo(StreamChunk.Kind.DONE);
    StreamChunk bad = ChunkParser.parse("{\"choices\": [}");
    assertThat(bad.kind()).isEqualTo(StreamChunk.Kind.INVALID);
    assertThat(bad.error()).startsWith("event is not valid JSON");
    assertThat(ChunkParser.parse("42").kind()).isEqualTo(StreamChunk.Kind.INVALID);
  }

  @Test
  void completionsTextIsContent() {
    StreamChunk c = ChunkParser.parse(VllmChunks.completionText("cmpl-1", " word", null));
    assertThat(c.outputBearing()).isTrue();
    assertThat(c.content()).isEqualTo(" word");
  }

  @Test
  void unknownAndNullFieldsAreTolerated() {
    StreamChunk c = ChunkParser.parse("{\"id\":null,\"choices\":[{\"delta\":{\"content\":null,\"new_field\":{}}}],\"usage\":null}");
    assertThat(c.kind()).isEqualTo(StreamChunk.Kind.DATA);
    assertThat(c.tokenBearing()).isFalse();
    assertThat(c.completionTokens()).isNull();
  }
}
