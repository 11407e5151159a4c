package io.llmload.stream;

/** The tree path of ChunkParser, for the event-path benchmark's comparison. */
public final class ChunkParserAccess {
  private ChunkParserAccess() {
  }

  public static StreamChunk tree(String payload) {
    return ChunkParser.parseTree(payload);
  }
}
