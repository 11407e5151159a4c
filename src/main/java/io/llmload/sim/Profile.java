package io.llmload.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A named hardware/model profile: the defaults of the engine limits and the step-time model
 * {@code step_ms = max(floorMs, beta0 + beta1*prefill_tokens + beta2*decode_tokens + beta3*sum_context_tokens)}.
 * The floor is the memory-bound weight-read time of a small decode step; with floorMs = 0 the model is
 * the plain linear (BLIS-style) fit. Calibration sources are in docs/simulator.md.
 */
public record Profile(
    String name,
    String defaultModel,
    int maxNumSeqs,
    int maxNumBatchedTokens,
    long kvCacheTokens,
    int maxModelLen,
    double floorMs,
    double beta0Ms,
    double beta1MsPerPrefillToken,
    double beta2MsPerDecodeToken,
    double beta3MsPerContextToken,
    double fixedTtftMs,
    double fixedItlMs,
    String derivation) {

  public static final String LLAMA_8B_H100 = "llama-3.1-8b-h100";
  public static final String QWEN3_NEXT_80B = "qwen3-next-80b";
  public static final String DEFAULT = QWEN3_NEXT_80B;

  private static final Map<String, Profile> PROFILES = new LinkedHashMap<>();

  static {
    // Fitted with StepTimeCalibrationTest's closed-loop harness to the notes' Llama-3.1-8B fp16 H100
    // numbers (vLLM 0.21, chat-short): TPOT p50 6.5/6.6/10.9/46.9 ms, TTFT p50 14/23/42/87 ms at
    // concurrency 1/4/16/64. KV 128 KiB/token; 400k tokens ~ (0.9*80 GB - 16 GB weights - ~4 GB) / 128 KiB.
    register(new Profile(LLAMA_8B_H100, "meta-llama/Llama-3.1-8B-Instruct",
        1024, 8192, 400_000, 131_072,
        6.4, -2.6, 0.064, 0.72, 0.00004,
        14, 6.5,
        "fitted to published vLLM 0.21 Llama-3.1-8B fp16 H100 numbers"));
    // Not measured: scaled from the Llama profile by architecture (3B active of 80B MoE, 4xH100 TP=4,
    // 12 of 48 layers with full attention -> 24 KiB KV per token). A plausible shape, not a prediction.
    register(new Profile(QWEN3_NEXT_80B, "Qwen/Qwen3-Next-80B-A3B-Instruct",
        256, 8192, 1_000_000, 262_144,
        8.0, -1.0, 0.080, 0.30, 0.000002,
        30, 8.0,
        "scaled from the llama-3.1-8b-h100 profile by active parameters and TP=4; not measured"));
  }

  private static void register(Profile p) {
    PROFILES.put(p.name(), p);
  }

  /** @throws IllegalArgumentException naming the known profiles */
  public static Profile named(String name) {
    Profile p = PROFILES.get(name);
    if (p == null) {
      throw new IllegalArgumentException("sim.profile: unknown profile '" + name + "'; use one of "
          + String.join(", ", PROFILES.keySet()));
    }
    return p;
  }

  public static Iterable<String> names() {
    return PROFILES.keySet();
  }

  /** Engine step duration in milliseconds for one batch. */
  public double stepMillis(long prefillTokens, long decodeTokens, long sumContextTokens) {
    double linear = beta0Ms + beta1MsPerPrefillToken * prefillTokens + beta2MsPerDecodeToken * decodeTokens
        + beta3MsPerContextToken * sumContextTokens;
    return Math.max(floorMs, linear);
  }
}
