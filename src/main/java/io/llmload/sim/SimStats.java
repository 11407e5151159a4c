package io.llmload.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

/**
 * {@code GET /sim/stats}: what the simulator itself measured, for a client in another process (a benchmark
 * compares the client's figures with the server's truth). Not a vLLM endpoint.
 *
 * <ul>
 *   <li>{@code send_lateness_us}: write time minus due time of every token (count, p50, p90, p99, p99.9, max);
 *       {@code POST /sim/stats?reset=true} (Content-Type application/json) clears it, the request log and the
 *       fault log after reading, so a benchmark can measure one run alone; GET never changes state;
 *   <li>{@code requests_running}, {@code requests_finished}: streams in flight now, requests ended so far
 *       ({@code requests_dropped} of them no longer in the log, which keeps the latest
 *       {@link RequestLog#CAPACITY});
 *   <li>{@code requests}: one entry per finished request: id, server TTFT (first token written − request
 *       received), first-to-last token, tokens sent, finish reason, status, and the request's arrival and first
 *       token write as System.nanoTime() (arrival_ns, first_token_ns: on Linux the same clock in every process of
 *       the machine, so a client can match them with its own stamps);
 *   <li>{@code faults}: every injected fault: request id, kind, tokens sent before it.
 * </ul>
 */
final class SimStats {
  private SimStats() {}

  static String render(SimState sim, boolean withRequests, boolean reset) {
    ObjectNode root = RequestParser.MAPPER.createObjectNode();
    Histogram h = sim.sendLatenessMicros.copy();
    ObjectNode late = root.putObject("send_lateness_us");
    late.put("count", h.getTotalCount());
    late.put("p50", h.getValueAtPercentile(50));
    late.put("p90", h.getValueAtPercentile(90));
    late.put("p99", h.getValueAtPercentile(99));
    late.put("p99_9", h.getValueAtPercentile(99.9));
    late.put("max", h.getMaxValue());
    root.put("requests_running", sim.tokens.running());
    root.put("requests_finished", sim.requestLog.size() + sim.requestLog.dropped());
    root.put("requests_dropped", sim.requestLog.dropped());
    if (withRequests) {
      ArrayNode requests = root.putArray("requests");
      for (RequestRecord r : sim.requestLog.records()) {
        ObjectNode o = requests.addObject();
        o.put("id", r.id());
        o.put("ttft_ms", r.firstTokenNanos() < 0 ? null : (r.firstTokenNanos() - r.arrivalNanos()) / 1e6);
        o.put("first_to_last_ms", r.firstTokenNanos() < 0 ? null : (r.lastTokenNanos() - r.firstTokenNanos()) / 1e6);
        o.put("tokens", r.outputTokensSent());
        o.put("finish", r.finishReason());
        o.put("status", r.status());
        o.put("arrival_ns", r.arrivalNanos());
        o.put("first_token_ns", r.firstTokenNanos());
      }
    }
    ArrayNode faults = root.putArray("faults");
    for (FaultRecord f : sim.faultLog.records()) {
      ObjectNode o = faults.addObject();
      o.put("id", f.requestId());
      o.put("kind", f.kind().key());
      o.put("after_tokens", f.afterTokens());
    }
    if (reset) {
      sim.sendLatenessMicros.reset();
      sim.requestLog.clear();
      sim.faultLog.clear();
    }
    return root.toString();
  }
}
