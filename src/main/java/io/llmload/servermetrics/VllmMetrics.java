package io.llmload.servermetrics;

import java.util.LinkedHashMap;
import java.util.Map;

/** The vLLM V1 metric names this package reads (see docs/server-metrics.md). */
public final class VllmMetrics {
  public static final String REQUESTS_RUNNING = "vllm:num_requests_running";
  public static final String REQUESTS_WAITING = "vllm:num_requests_waiting";
  public static final String KV_CACHE_USAGE = "vllm:kv_cache_usage_perc";
  public static final String PROMPT_TOKENS = "vllm:prompt_tokens_total";
  public static final String GENERATION_TOKENS = "vllm:generation_tokens_total";
  public static final String PREEMPTIONS = "vllm:num_preemptions_total";
  public static final String PREFIX_CACHE_QUERIES = "vllm:prefix_cache_queries_total";
  public static final String PREFIX_CACHE_HITS = "vllm:prefix_cache_hits_total";
  public static final String REQUEST_SUCCESS = "vllm:request_success_total";
  public static final String FINISHED_REASON = "finished_reason";

  /** Summary key (milliseconds) → vLLM histogram family (seconds), in report order. */
  public static final Map<String, String> LATENCY_HISTOGRAMS = latencyHistograms();

  private static Map<String, String> latencyHistograms() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("ttft_ms", "vllm:time_to_first_token_seconds");
    m.put("itl_ms", "vllm:inter_token_latency_seconds");
    m.put("tpot_ms", "vllm:request_time_per_output_token_seconds");
    m.put("e2e_ms", "vllm:e2e_request_latency_seconds");
    m.put("queue_ms", "vllm:request_queue_time_seconds");
    m.put("prefill_ms", "vllm:request_prefill_time_seconds");
    m.put("decode_ms", "vllm:request_decode_time_seconds");
    return java.util.Collections.unmodifiableMap(m);
  }

  private VllmMetrics() {
  }
}
