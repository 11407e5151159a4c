package io.llmload.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming fast path reads every chunk exactly as the tree path (the reference) does. */
class ChunkParserEquivalenceTest {
  private static final List<String> PAYLOADS = List.of(
      VllmChunks.role("chatcmpl-1"),
      VllmChunks.content("chatcmpl-1", " the"),
      VllmChunks.content("chatcmpl-1", "\\u00e9\\n\\\"quoted\\\""),
      VllmChunks.last("chatcmpl-1", " end", "length"),
      VllmChunks.last("chatcmpl-1", "", "stop"),
      VllmChunks.reasoning("chatcmpl-1", " think"),
      VllmChunks.toolCall("chatcmpl-1", "{\\\"city\\\""),
      VllmChunks.usage("chatcmpl-1", 7000, 4000),
      VllmChunks.error("engine died"),
      VllmChunks.completionText("cmpl-1", " word", null),
      VllmChunks.completionText("cmpl-1", " word", "length"),
      "{\"object\":\"error\",\"message\":\"old style\"}",
      "{\"choices\":[{\"delta\":{\"reasoning_content\":\"hm\"}}]}",
      "{\"choices\":[{\"delta\":{\"reasoning\":\"\",\"reasoning_content\":\"both\"}}]}",
      "{\"id\":null,\"choices\":[{\"delta\":{\"content\":null,\"new_field\":{}}}],\"usage\":null}",
      "{\"id\":42,\"choices\":[{\"delta\":{\"content\":7}},{\"text\":true,\"finish_reason\":null}]}",
      "{\"id\":{\"a\":1},\"choices\":[{\"delta\":{\"content\":{\"x\":[1,2]}}},\"x\",3,null]}",
      "{\"choices\":[{\"delta\":{\"tool_calls\":[]}}]}",
      "{\"choices\":[{\"delta\":{\"tool_calls\":[1,{\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}},{\"function\":5}]}}]}",
      "{\"choices\":{\"delta\":{\"content\":\"not an array\"}}}",
      "{\"choices\":[{\"delta\":[\"not an object\"],\"text\":\"t\"}]}",
      "{\"usage\":{\"prompt_tokens\":12.0,\"completion_tokens\":\"3\"}}",
      "{\"usage\":{\"prompt_tokens\":99999999999,\"completion_tokens\":-1}}",
      "{\"usage\":[1]}",
      "{\"error\":null,\"choices\":[{\"delta\":{\"content\":\"x\"}}]}",
      "{\"error\":\"flat text\"}",
      "{\"error\":{\"message\":\"m\",\"type\":\"t\",\"code\":400},\"choices\":[]}",
      "{}",
      "  {\"choices\":[{\"delta\":{\"content\":\"padded\"}}]}  ",
      "[DONE]",
      " [DONE] ",
      "42",
      "[1,2]",
      "\"text\"",
      "",
      "{\"choices\": [}",
      "{\"choices\":[{\"delta\":{\"content\":\"cut",
      "{\"a\":1} trailing");

  @Test
  void streamingAndTreeAgreeOnEveryPayload() {
    for (String payload : PAYLOADS) {
      assertThat(ChunkParser.parse(payload)).as(payload).isEqualTo(ChunkParser.parseTree(payload));
    }
    assertThat(ChunkParser.parse(null)).isEqualTo(ChunkParser.parseTree(null));
  }
}
