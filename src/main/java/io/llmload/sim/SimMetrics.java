package io.llmload.sim;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The /metrics registry with vLLM V1's names, labels (model_name, engine="0") and bucket bounds
 * (vllm/v1/metrics/loggers.py). Gauges are read from the token source when rendered.
 */
final class SimMetrics {
  static final double[] TTFT_BUCKETS = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0,
      2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0};
  static final double[] ITL_BUCKETS = {0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5,
      5.0, 7.5, 10.0, 20.0, 40.0, 80.0};
  static final double[] REQUEST_LATENCY_BUCKETS = {0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0,
      40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0};
  static final String[] FINISHED_REASONS = {"stop", "length", "abort"};

  private final String labels;
  private final TokenSource source;

  final LongAdder promptTokens = new LongAdder();
  final LongAdder generationTokens = new LongAdder();
  final AtomicLong preemptions = new AtomicLong();
  final LongAdder prefixCacheQueries = new LongAdder();
  final LongAdder prefixCacheHits = new LongAdder();
  private final LongAdder[] success = {new LongAdder(), new LongAdder(), new LongAdder()};

  final PromHistogram ttft = new PromHistogram("vllm:time_to_first_token_seconds",
      "Histogram of time to first token in seconds.", TTFT_BUCKETS);
  final PromHistogram itl = new PromHistogram("vllm:inter_token_latency_seconds",
      "Histogram of inter-token latency in seconds.", ITL_BUCKETS);
  final PromHistogram tpot = new PromHistogram("vllm:request_time_per_output_token_seconds",
      "Histogram of time_per_output_token_seconds per request.", ITL_BUCKETS);
  final PromHistogram e2e = new PromHistogram("vllm:e2e_request_latency_seconds",
      "Histogram of e2e request latency in seconds.", REQUEST_LATENCY_BUCKETS);
  final PromHistogram queue = new PromHistogram("vllm:request_queue_time_seconds",
      "Histogram of time spent in WAITING phase for request.", REQUEST_LATENCY_BUCKETS);
  final PromHistogram inference = new PromHistogram("vllm:request_inference_time_seconds",
      "Histogram of time spent in RUNNING phase for request.", REQUEST_LATENCY_BUCKETS);
  final PromHistogram prefill = new PromHistogram("vllm:request_prefill_time_seconds",
      "Histogram of time spent in PREFILL phase for request.", REQUEST_LATENCY_BUCKETS);
  final PromHistogram decode = new PromHistogram("vllm:request_decode_time_seconds",
      "Histogram of time spent in DECODE phase for request.", REQUEST_LATENCY_BUCKETS);

  SimMetrics(String modelName, TokenSource source) {
    this.labels = "model_name=" + Json.quote(modelName) + ",engine=\"0\"";
    this.source = source;
  }

  /** Records a request that reached the engine and ended (normally or not). Times in nanoTime. */
  void requestFinished(String finishedReason, long arrival, long scheduled, long firstToken, long lastToken,
             long end, int outputTokens) {
    int idx = switch (finishedReason) {
      case "stop" -> 0;
      case "length" -> 1;
      default -> 2;
    };
    success[idx].increment();
    e2e.observe(secs(end - arrival));
    if (scheduled > 0) {
      queue.observe(secs(scheduled - arrival));
      inference.observe(secs(end - scheduled));
      if (firstToken > 0) prefill.observe(secs(firstToken - scheduled));
    }
    if (firstToken > 0) {
      decode.observe(secs(lastToken - firstToken));
      if (outputTokens > 1) tpot.observe(secs(lastToken - firstToken) / (outputTokens - 1));
    }
  }

  void firstToken(long arrival, long firstToken, int promptTokenCount) {
    ttft.observe(secs(firstToken - arrival));
    promptTokens.add(promptTokenCount);
  }

  void token(long previousTokenNanos, long now) {
    generationTokens.increment();
    if (previousTokenNanos > 0) itl.observe(secs(now - previousTokenNanos));
  }

  long successCount(String reason) {
    for (int i = 0; i < FINISHED_REASONS.length; i++) if (FINISHED_REASONS[i].equals(reason)) return success[i].sum();
    return 0;
  }

  private static double secs(long nanos) {
    return Math.max(0, nanos) / 1e9;
  }

  String render() {
    StringBuilder sb = new StringBuilder(16 * 1024);
    gauge(sb, "vllm:num_requests_running", "Number of requests in model execution batches.", source.running());
    gauge(sb, "vllm:num_requests_waiting", "Number of requests waiting to be processed.", source.waiting());
    gauge(sb, "vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", source.kvCacheUsage());
    counter(sb, "vllm:num_preemptions", "Cumulative number of preemption from the engine.", preemptions.get());
    counter(sb, "vllm:prompt_tokens", "Number of prefill tokens processed.", promptTokens.sum());
    counter(sb, "vllm:generation_tokens", "Number of generation tokens processed.", generationTokens.sum());
    counter(sb, "vllm:prefix_cache_queries",
        "Prefix cache queries, in terms of number of queried tokens.", prefixCacheQueries.sum());
    counter(sb, "vllm:prefix_cache_hits", "Prefix cache hits, in terms of number of cached tokens.", prefixCacheHits.sum());
    sb.append("# HELP vllm:request_success_total Count of successfully processed requests.\n");
    sb.append("# TYPE vllm:request_success_total counter\n");
    for (int i = 0; i < FINISHED_REASONS.length; i++) {
      sb.append("vllm:request_success_total{").append(labels).append(",finished_reason=\"")
          .append(FINISHED_REASONS[i]).append("\"} ").append((double) success[i].sum()).append('\n');
    }
    for (PromHistogram h : new PromHistogram[] {ttft, itl, tpot, e2e, queue, inference, prefill, decode}) {
      h.render(sb, labels);
    }
    return sb.toString();
  }

  private void gauge(StringBuilder sb, String name, String help, double value) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE ").append(name).append(" gauge\n");
    sb.append(name).append('{').append(labels).append("} ").append(value).append('\n');
  }

  /** prometheus_client style: the family is named without _total, the sample with it. */
  private void counter(StringBuilder sb, String family, String help, long value) {
    sb.append("# HELP ").append(family).append("_total ").append(help).append('\n');
    sb.append("# TYPE ").append(family).append("_total counter\n");
    sb.append(family).append("_total{").append(labels).append("} ").append((double) value).append('\n');
  }
}
