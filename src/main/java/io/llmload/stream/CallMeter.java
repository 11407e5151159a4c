package io.llmload.stream;

import io.llmload.metrics.CallResult;
import io.llmload.metrics.ServerText;
import io.llmload.workload.CallSpec;
import java.util.Arrays;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures one streamed call from the events Gatling received, each stamped by Gatling on arrival.
 * Not thread-safe: one virtual user feeds it from its own event loop.
 *
 * <p>Definitions (all on Gatling's clock, from {@code startMs}, the moment the request is handed to
 * Gatling): TTFT to the first event carrying a token (content, reasoning or tool call); TTFO to the first
 * content or tool-call token; E2E to {@code data: [DONE]}; ITL gaps between successive token-bearing
 * events.
 *
 * <p>Bounds, whatever the server sends: a call fails once it has lasted {@code maxCallMs}, once it has
 * received more token events than it asked for (max_tokens plus {@link #EXTRA_TOKEN_EVENTS}), or once its
 * streamed text exceeds {@link #MAX_CHARS_PER_TOKEN} characters per requested token; failure reasons
 * keep at most {@link ServerText#MAX_CHARS} characters of server text.
 */
public final class CallMeter {
  /** Token events beyond max_tokens a call tolerates before it fails (detokenizer splits are rare). */
  public static final int EXTRA_TOKEN_EVENTS = 16;
  /** Streamed characters kept per requested token (with the extra events) before the call fails. */
  public static final int MAX_CHARS_PER_TOKEN = 64;
  private static final Pattern STATUS = Pattern.compile("response with code (\\d{3})");

  private final CallSpec spec;
  private final long startMs;
  private final boolean forced;
  private final long stallTimeoutMs;
  private final long maxCallMs;
  private final int bufferCapacity;
  private final int maxTokenEvents;
  private final long maxTextChars;

  private long lastEventMs;
  private long firstTokenMs = -1;
  private long firstOutputMs = -1;
  private long doneMs = -1;
  private long[] tokenStamps = new long[256];
  private int tokenEvents;
  private String streamId;
  private Integer usagePrompt;
  private Integer usageCompletion;
  private String finishReason;
  private int httpStatus;
  private String failure;
  private final StringBuilder output = new StringBuilder();
  private final StringBuilder content = new StringBuilder();

  /**
   * @param forced          the request forced its output length (ignore_eos, min_tokens = max_tokens)
   * @param stallTimeoutMs  fail the call when no event arrives for this long
   * @param maxCallMs       fail the call when it has lasted this long, events or not
   * @param bufferCapacity  Gatling's unmatched-message buffer size: a drain that returns this many
   *                        messages may have lost the oldest ones
   */
  public CallMeter(CallSpec spec, long startMs, boolean forced, long stallTimeoutMs, long maxCallMs,
      int bufferCapacity) {
    this.spec = spec;
    this.startMs = startMs;
    this.lastEventMs = startMs;
    this.forced = forced;
    this.stallTimeoutMs = stallTimeoutMs;
    this.maxCallMs = maxCallMs;
    this.bufferCapacity = bufferCapacity;
    this.maxTokenEvents = (int) Math.min(Integer.MAX_VALUE, (long) spec.requestedOutputTokens() + EXTRA_TOKEN_EVENTS);
    this.maxTextChars = (long) maxTokenEvents * MAX_CHARS_PER_TOKEN;
  }

  public CallSpec spec() {
    return spec;
  }

  public long startMs() {
    return startMs;
  }

  /** The stream reached [DONE] or failed: nothing more to read. */
  public boolean finished() {
    return doneMs >= 0 || failure != null;
  }

  public boolean failed() {
    return failure != null;
  }

  /** Millisecond stamp of [DONE], or -1. */
  public long doneMs() {
    return doneMs;
  }

  /** Token-bearing events so far. */
  public int tokenEvents() {
    return tokenEvents;
  }

  /** Called with the size of each drained batch, before its messages. */
  public void onBatch(int size) {
    if (size >= bufferCapacity && !finished()) {
      fail(0, "client buffer overflow: " + size + " events arrived between two drains, Gatling's SSE buffer"
          + " (llm.sseBufferSize=" + bufferCapacity + ") may have dropped tokens; raise llm.sseBufferSize or"
          + " lower llm.drainMillis");
    }
  }

  /** One event as Gatling rendered it, with Gatling's arrival stamp. */
  public void onMessage(long timestampMs, String rendered) {
    if (finished()) {
      return;
    }
    lastEventMs = Math.max(lastEventMs, timestampMs);
    StreamChunk chunk = ChunkParser.parse(SseMessage.payload(rendered));
    switch (chunk.kind()) {
      case DONE -> doneMs = timestampMs;
      case ERROR -> fail(200, "error event mid-stream: " + chunk.error());
      case INVALID -> fail(200, chunk.error());
      case DATA -> onData(timestampMs, chunk);
      default -> throw new IllegalStateException("unknown chunk kind " + chunk.kind());
    }
  }

  private void onData(long timestampMs, StreamChunk chunk) {
    httpStatus = 200;
    if (chunk.id() != null) {
      if (streamId == null) {
        streamId = chunk.id();
      } else if (!streamId.equals(chunk.id())) {
        fail(200, "connection cut mid-stream after " + tokenEvents + " token events: Gatling re-sent the request"
            + " (SSE auto-reconnect) and its second answer was discarded");
        return;
      }
    }
    if (chunk.tokenBearing()) {
      if (firstTokenMs < 0) {
        firstTokenMs = timestampMs;
      }
      if (chunk.outputBearing() && firstOutputMs < 0) {
        firstOutputMs = timestampMs;
      }
      if (tokenEvents == tokenStamps.length) {
        tokenStamps = Arrays.copyOf(tokenStamps, tokenStamps.length * 2);
      }
      tokenStamps[tokenEvents++] = timestampMs;
      if (tokenEvents > maxTokenEvents) {
        fail(200, "more token events than requested: " + tokenEvents + " with max_tokens="
            + spec.requestedOutputTokens() + "; the server ignores max_tokens or never ends the stream");
        return;
      }
      long chars = (long) output.length() + chunk.reasoning().length() + chunk.content().length()
          + chunk.toolText().length();
      if (chars > maxTextChars) {
        fail(200, "streamed text exceeds " + maxTextChars + " characters (" + MAX_CHARS_PER_TOKEN
            + " per requested token) after " + tokenEvents + " token events");
        return;
      }
      output.append(chunk.reasoning()).append(chunk.content()).append(chunk.toolText());
      content.append(chunk.content());
    }
    if (chunk.finishReason() != null) {
      finishReason = chunk.finishReason();
    }
    if (chunk.completionTokens() != null) {
      usageCompletion = chunk.completionTokens();
    }
    if (chunk.promptTokens() != null) {
      usagePrompt = chunk.promptTokens();
    }
  }

  /** What Gatling's stream is doing after the latest drain; ends the call if the stream is gone. */
  public void onStreamState(StreamState state, String crashMessage, long nowMs) {
    if (finished()) {
      return;
    }
    switch (state) {
      case CLOSED -> fail(200, "stream ended without [DONE] after " + tokenEvents + " token events");
      case CUT -> fail(200, "connection cut mid-stream after " + tokenEvents + " token events");
      case ABSENT -> fail(httpStatus, "stream missing from the session");
      case CRASHED -> onCrash(crashMessage == null ? "connection failed" : crashMessage);
      default -> checkStall(nowMs);
    }
  }

  private void onCrash(String message) {
    Matcher m = STATUS.matcher(message);
    if (m.find()) {
      fail(Integer.parseInt(m.group(1)), "HTTP " + m.group(1));
    } else if (message.contains("content-type")) {
      fail(200, "HTTP 200 without a text/event-stream body (" + message + "); does the server stream?");
    } else {
      fail(httpStatus, (tokenEvents > 0 ? "connection failed mid-stream: " : "connection failed: ") + message);
    }
  }

  /** Fails the call when no event arrived for the stall timeout, or when it has lasted its maximum duration. */
  public void checkStall(long nowMs) {
    if (!finished() && nowMs - startMs >= maxCallMs) {
      fail(httpStatus, "call lasted " + (nowMs - startMs) / 1000.0 + " s (llm.maxCallSeconds="
          + maxCallMs / 1000.0 + ") after " + tokenEvents + " token events without [DONE]");
    }
    if (!finished() && nowMs - lastEventMs >= stallTimeoutMs) {
      fail(httpStatus, "no event for " + (nowMs - lastEventMs) / 1000.0 + " s (llm.timeoutSeconds="
          + stallTimeoutMs / 1000.0 + ") after " + tokenEvents + " token events");
    }
  }

  /** Fails the call for a reason found outside the stream (e.g. the HTTP error body). */
  public void fail(int status, String reason) {
    if (failure == null) {
      failure = ServerText.line(reason, ServerText.MAX_CHARS);
      if (status != 0) {
        httpStatus = status;
      }
    }
  }

  /** Refines the reason of a failed HTTP call with what the server said, e.g. vLLM's error message. */
  public void explainFailure(String serverMessage) {
    if (failure != null && serverMessage != null && !serverMessage.isBlank()) {
      failure = ServerText.line(failure + ": " + serverMessage, ServerText.MAX_CHARS);
    }
  }

  /**
   * Ends the measurement.
   *
   * @param counter counts tokens in streamed text; used only when the server sent no usage
   */
  public CallResult finish(ToIntFunction<String> counter) {
    if (!finished()) {
      fail(httpStatus, "call ended before the stream finished");
    }
    int outputTokens = usageCompletion != null ? usageCompletion : counter.applyAsInt(output.toString());
    if (failure == null && usageCompletion != null && tokenEvents > usageCompletion) {
      fail(200, tokenEvents + " token events but usage.completion_tokens=" + usageCompletion
          + ": events were counted twice");
    }
    if (failure == null && forced && outputTokens < spec.requestedOutputTokens()) {
      fail(200, "fewer tokens than forced: " + outputTokens + " of " + spec.requestedOutputTokens()
          + (finishReason == null ? "" : " (finish_reason " + finishReason + ")"));
    }
    int[] gaps = new int[Math.max(0, tokenEvents - 1)];
    for (int i = 1; i < tokenEvents; i++) {
      gaps[i - 1] = (int) (tokenStamps[i] - tokenStamps[i - 1]);
    }
    boolean ok = failure == null;
    return new CallResult(spec, startMs, usagePrompt, usageCompletion, outputTokens, tokenEvents,
        firstTokenMs < 0 ? null : firstTokenMs - startMs,
        firstOutputMs < 0 ? null : firstOutputMs - startMs,
        ok ? doneMs - startMs : null,
        gaps, httpStatus, ServerText.line(finishReason, 100), ok, failure, output.toString(), content.toString(),
        ServerText.line(streamId, 200));
  }
}
