package io.llmload.metrics;

import io.llmload.workload.CallSpec;

/**
 * The measurement of one finished call (ok or failed). Times are whole milliseconds on Gatling's
 * clock; a figure that was not reached is null.
 *
 * @param itlGapsMs       gaps between successive token-bearing events
 * @param responseId      the id the server gave the stream (chatcmpl-…), to find the call in server logs
 * @param schedule        the call's intended send time, queue time and dispatch delay, or null when it was
 *                        not sent from a schedule
 * @param replica         the root URL of the replica that served the call when llm.baseUrl lists several,
 *                        else null
 * @param send            when the request was written to the socket and the send delay, or null when not known
 *                        (the connection failed, the server answered with an error status, HTTP/2)
 * @param outputText      everything the model streamed (content, reasoning, tool calls), kept for
 *                        agent chaining and the client-side token count; never written to files
 */
public record CallResult(
    CallSpec spec,
    long startMs,
    Integer usagePromptTokens,
    Integer usageOutputTokens,
    int outputTokens,
    int tokenEvents,
    Long ttftMs,
    Long ttfoMs,
    Long e2eMs,
    int[] itlGapsMs,
    int httpStatus,
    String finishReason,
    boolean ok,
    String error,
    String outputText,
    String contentText,
    String responseId,
    CallSchedule schedule,
    String replica,
    CallSend send) {

  /** A call not sent from a schedule. */
  public CallResult(CallSpec spec, long startMs, Integer usagePromptTokens, Integer usageOutputTokens, int outputTokens,
      int tokenEvents, Long ttftMs, Long ttfoMs, Long e2eMs, int[] itlGapsMs, int httpStatus, String finishReason,
      boolean ok, String error, String outputText, String contentText, String responseId) {
    this(spec, startMs, usagePromptTokens, usageOutputTokens, outputTokens, tokenEvents, ttftMs, ttfoMs, e2eMs, itlGapsMs,
        httpStatus, finishReason, ok, error, outputText, contentText, responseId, null, null, null);
  }

  /** A call with its schedule figures, of one server (no replica), with no send stamp. */
  public CallResult(CallSpec spec, long startMs, Integer usagePromptTokens, Integer usageOutputTokens, int outputTokens,
      int tokenEvents, Long ttftMs, Long ttfoMs, Long e2eMs, int[] itlGapsMs, int httpStatus, String finishReason,
      boolean ok, String error, String outputText, String contentText, String responseId, CallSchedule schedule) {
    this(spec, startMs, usagePromptTokens, usageOutputTokens, outputTokens, tokenEvents, ttftMs, ttfoMs, e2eMs, itlGapsMs,
        httpStatus, finishReason, ok, error, outputText, contentText, responseId, schedule, null, null);
  }

  /** The same call with its schedule figures. */
  public CallResult withSchedule(CallSchedule s) {
    return new CallResult(spec, startMs, usagePromptTokens, usageOutputTokens, outputTokens, tokenEvents, ttftMs,
        ttfoMs, e2eMs, itlGapsMs, httpStatus, finishReason, ok, error, outputText, contentText, responseId, s, replica,
        send);
  }

  /** The same call, served by replica {@code url} (null: one server). */
  public CallResult withReplica(String url) {
    return new CallResult(spec, startMs, usagePromptTokens, usageOutputTokens, outputTokens, tokenEvents, ttftMs,
        ttfoMs, e2eMs, itlGapsMs, httpStatus, finishReason, ok, error, outputText, contentText, responseId, schedule,
        url, send);
  }

  /** The same call with its send stamp. */
  public CallResult withSend(CallSend s) {
    return new CallResult(spec, startMs, usagePromptTokens, usageOutputTokens, outputTokens, tokenEvents, ttftMs,
        ttfoMs, e2eMs, itlGapsMs, httpStatus, finishReason, ok, error, outputText, contentText, responseId, schedule,
        replica, s);
  }

  /** (E2E − TTFT) / (output tokens − 1), or null with fewer than two tokens. */
  public Double tpotMs() {
    if (ttftMs == null || e2eMs == null || outputTokens < 2) {
      return null;
    }
    return (e2eMs - ttftMs) / (double) (outputTokens - 1);
  }

  /** output tokens / (E2E − TTFT), per second; null when E2E equals TTFT. */
  public Double outputTokensPerS() {
    if (ttftMs == null || e2eMs == null || e2eMs.longValue() == ttftMs.longValue()) {
      return null;
    }
    return outputTokens * 1000.0 / (e2eMs - ttftMs);
  }
}
