package io.llmload.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/** The definition of every figure the suite prints, shown in the summary, the report and the README. */
public final class Definitions {
  private Definitions() {
  }

  public static Map<String, String> all() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("clock", "Every time is on Gatling's clock (monotonic, whole milliseconds). start = the moment the request"
        + " is handed to Gatling, just before the SSE connect; event times are stamped by Gatling on arrival.");
    d.put("ttft_ms", "time to first token: first event carrying a token (content, reasoning/reasoning_content or"
        + " tool_calls) - start. A role-only chunk does not count.");
    d.put("ttfo_ms", "time to first output: first event carrying content or tool_calls (not reasoning) - start;"
        + " differs from TTFT for reasoning models.");
    d.put("e2e_ms", "end to end: data: [DONE] - start.");
    d.put("output_tokens", "usage.completion_tokens when the server sends it, else the client's jtokkit count of the"
        + " streamed text; both are kept in llm-calls.csv (usage_output_tokens, counted_output_tokens).");
    d.put("tpot_ms", "time per output token: (E2E - TTFT) / (output_tokens - 1).");
    d.put("itl_ms", "inter-token latency: every gap between successive token-bearing events, all gaps of all ok"
        + " calls pooled for percentiles. A chunk that carries several tokens is one event (one gap).");
    d.put("output_tokens_per_s", "per-call output rate: output_tokens / (E2E - TTFT) x 1000.");
    d.put("throughput_output_tokens_per_s", "sum of output_tokens of ok calls / measured window.");
    d.put("requests_per_s", "ok calls / measured window.");
    d.put("window_s", "measured window: first measured request's start to the last measured call's end (warm-up excluded).");
    d.put("intended_ms", "calls sent from a schedule (llm.arrival, llm.rate, llm.maxConcurrency, trace replay; the"
        + " first call of each journey): the schedule's send time, on Gatling's clock.");
    d.put("queue_ms", "time the call waited for a concurrency slot (llm.maxConcurrency): slot free - intended send when"
        + " the slot freed later, else 0; never part of TTFT or E2E. Ok and failed calls.");
    d.put("dispatch_delay_ms", "start - intended send - queue time (nanoTime, to the microsecond): how late the client"
        + " itself sent the call. Above 10 ms the run fell behind its schedule (totals.behind_schedule).");
    d.put("sent_ms", "when the request's bytes were handed to the socket (the flush that writes the request's"
        + " last part), epoch ms on Gatling's clock with the fraction (nanoTime); empty when not known (the"
        + " connection failed, the server answered with an error status, HTTP/2).");
    d.put("send_delay_ms", "client send delay: sent - start (nanoTime, to the microsecond): what the client spent"
        + " between handing the call over and writing its request (session functions, the connection pool, a new"
        + " connection's set-up, encoding the body). Part of TTFT and E2E, which count from start. Ok calls.");
    d.put("percentiles", "nearest rank: pN is the smallest sample with at least N% of samples at or below it."
        + " Statistics use ok calls only; failed calls count in calls, failed and error_rate.");
    return d;
  }

  /**
   * The GPU energy figures (llm-summary.json "gpu", the report's GPU section). The window is the GPU
   * telemetry's own: first to last sample of each GPU inside the measured run.
   */
  public static Map<String, String> gpu() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("energy_j", "per GPU, method energy_counter: the sum over its samples of the increase of"
        + " DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION (mJ) / 1000 between successive samples (a decrease is a counter"
        + " reset: that step adds nothing and is counted in counter_resets); method power_integral (no counter:"
        + " nvidia-smi, or an exporter without it): the trapezoid sum of power draw (W) over its samples,"
        + " sum of (p_i + p_i+1) / 2 x (t_i+1 - t_i). Total: the sum over GPUs.");
    d.put("window_s", "GPU window: earliest first sample to latest last sample of any GPU, inside the measured run"
        + " (dcgm-exporter: scraped from the first measured user's start to the run's end, stamped on Gatling's clock"
        + " when sent; nvidia-smi: the file's lines whose timestamp falls in that span).");
    d.put("avg_power_w", "per GPU: energy_j / (its last sample - its first sample); total: the sum over GPUs.");
    d.put("joules_per_output_token", "total energy_j / totals.output_tokens (the output tokens of the ok measured"
        + " calls; tokens a failed call streamed used energy but are not counted).");
    d.put("joules_per_request", "total energy_j / totals.ok (successful measured calls).");
    d.put("output_tokens_per_joule", "totals.output_tokens / total energy_j.");
    d.put("util_avg", "mean of the GPU utilisation samples (percent, 0-100) of that GPU.");
    d.put("mem_used_max_bytes", "largest frame buffer used sample (MiB x 1048576) of that GPU.");
    return d;
  }
}
