package io.llmload.workload.trace;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The trace file formats {@link TraceReader} reads (docs/traces.md describes each one's fields). */
public enum TraceFormat {
  /** Mooncake FAST'25 JSONL: timestamp (ms), input_length, output_length, hash_ids (512-token blocks). */
  MOONCAKE("mooncake", 512),
  /** Azure LLM inference trace CSV (2023 and 2024): TIMESTAMP,ContextTokens,GeneratedTokens. */
  AZURE("azure", 0),
  /** BurstGPT CSV: Timestamp (s), Model, Request tokens, Response tokens, Total tokens, Log Type. */
  BURSTGPT("burstgpt", 0),
  /** One JSON object per line: input_length, output_length, optional timestamp (ms). */
  JSONL("jsonl", 0);

  private final String id;
  private final int blockSize;

  TraceFormat(String id, int blockSize) {
    this.id = id;
    this.blockSize = blockSize;
  }

  /** The name used in {@code -Dllm.trace.format}. */
  public String id() {
    return id;
  }

  /** Tokens per hash id block; 0 for formats without hash ids. */
  public int blockSize() {
    return blockSize;
  }

  /** The format of a name (any case), or an IllegalArgumentException listing the valid names. */
  public static TraceFormat of(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (TraceFormat f : values()) {
      if (f.id.equals(n)) {
        return f;
      }
    }
    throw new IllegalArgumentException("Unknown trace format '" + name + "'; valid formats: " + names()
        + " (-Dllm.trace.format)");
  }

  /** "mooncake, azure, burstgpt, jsonl". */
  public static String names() {
    return Arrays.stream(values()).map(TraceFormat::id).collect(Collectors.joining(", "));
  }
}
