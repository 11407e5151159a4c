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
}
