package io.llmload.stream;

import static io.llmload.stream.VllmChunks.gatling;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.metrics.CallResult;
import io.llmload.workload.CallSpec;
import org.junit.jupiter.api.Test;

class CallMeterTest {
  private static final CallSpec SPEC = new CallSpec(1, "single", 1, 0, "heavy", null, 100, 3);
  private static final long T0 = 1_000_000;

  private static CallMeter meter(boolean forced) {
    return new CallMeter(SPEC, T0, forced, 5_000, 60_000, 100);
  }

  /** Counts words: the client-side count used when the server sends no usage. */
  private static int words(String text) {
    return text.isBlank() ? 0 : text.trim().split("\\s+").length;
  }

  @Test
  void aVllmStreamGivesTtftE2eItlAndTpot() {
    CallMeter m = meter(true);
    m.onBatch(7);
    m.onMessage(T0 + 2, gatling(VllmChunks.role("a")));
    m.onMessage(T0 + 150, gatling(VllmChunks.content("a", " one")));
    m.onMessage(T0 + 160, gatling(VllmChunks.content("a", " two")));
    m.onMessage(T0 + 172, gatling(VllmChunks.last("a", " three", "length")));
    m.onMessage(T0 + 173, gatling(VllmChunks.usage("a", 120, 3)));
    m.onMessage(T0 + 174, "{\"data\":[DONE]}");
    assertThat(m.finished()).isTrue();
    CallResult r = m.finish(CallMeterTest::words);
    assertThat(r.ok()).isTrue();
    assertThat(r.ttftMs()).isEqualTo(150);
    assertThat(r.ttfoMs()).isEqualTo(150);
    assertThat(r.e2eMs()).isEqualTo(174);
    assertThat(r.itlGapsMs()).containsExactly(10, 12);
    assertThat(r.outputTokens()).isEqualTo(3);
    assertThat(r.usagePromptTokens()).isEqualTo(120);
    assertThat(r.tpotMs()).isEqualTo((174 - 150) / 2.0);
    assertThat(r.outputTokensPerS()).isEqualTo(3 * 1000.0 / 24);
    assertThat(r.finishReason()).isEqualTo("length");
    assertThat(r.httpStatus()).isEqualTo(200);
  }

  @Test
  void reasoningCountsForTtftNotForTtfo() {
    CallMeter m = meter(false);
    m.onMessage(T0 + 100, gatling(VllmChunks.reasoning("a", " hmm")));
    m.onMessage(T0 + 110, gatling(VllmChunks.reasoning("a", " so")));
    m.onMessage(T0 + 130, gatling(VllmChunks.last("a", " yes", "stop")));
    m.onMessage(T0 + 131, gatling(VllmChunks.usage("a", 10, 3)));
    m.onMessage(T0 + 132, gatling("[DONE]"));
    CallResult r = m.finish(CallMeterTest::words);
    assertThat(r.ttftMs()).isEqualTo(100);
    assertThat(r.ttfoMs()).isEqualTo(130);
    assertThat(r.itlGapsMs()).containsExactly(10, 20);
  }

  @Test
  void toolCallsAreTokens() {
    CallMeter m = meter(false);
    m.onMessage(T0 + 50, gatling(VllmChunks.toolCall("a", "{")));
    m.onMessage(T0 + 60, gatling(VllmChunks.toolCall("a", "}")));
    m.onMessage(T0 + 61, gatling("[DONE]"));
    CallResult r = m.finish(text -> text.length());
    assertThat(r.ttftMs()).isEqualTo(50);
    assertThat(r.ttfoMs()).isEqualTo(50);
    assertThat(r.tokenEvents()).isEqualTo(2);
    assertThat(r.outputTokens()).isEqualTo(2);
    assertThat(r.usageOutputTokens()).isNull();
  }

  @Test
  void mergedChunksAreOneEventAndUsageGivesTheTokenCount() {
    CallMeter m = meter(true);
    m.onMessage(T0 + 100, gatling(VllmChunks.content("a", " one two")));
    m.onMessage(T0 + 120, gatling(VllmChunks.last("a", " three", "length")));
    m.onMessage(T0 + 121, gatling(VllmChunks.usage("a", 10, 3)));
    m.onMessage(T0 + 122, gatling("[DONE]"));
    CallResult r = m.finish(CallMeterTest::words);
    assertThat(r.ok()).isTrue();
    assertThat(r.tokenEvents()).isEqualTo(2);
    assertThat(r.outputTokens()).isEqualTo(3);
    assertThat(r.itlGapsMs()).containsExactly(20);
  }

  @Test
  void withoutUsageTheClientCounts() {
    CallMeter m = meter(false);
    m.onMessage(T0 + 100, gatling(VllmChunks.content("a", " one two")));
    m.onMessage(T0 + 120, gatling(VllmChunks.content("a", " three")));
    m.onMessage(T0 + 122, gatling("[DONE]"));
    CallResult r = m.finish(CallMeterTest::words);
    assertThat(r.outputTokens()).isEqualTo(3);
    assertThat(r.usageOutputTokens()).isNull();
  }

  @Test
  void keepAliveCommentsNeverReachTheMeterAndEmptyEventsAreHarmless() {
    CallMeter m = meter(false);
    m.onMessage(T0 + 10, "{\"event\":\"ping\"}");
    assertThat(m.finished()).isTrue();
    assertThat(m.finish(CallMeterTest::words).error()).isEqualTo("event without data");
  }

  @Test
  void errorEventMidStreamFailsTheCallWithTheServersMessage() {
    CallMeter m = meter(true);
    m.onMessage(T0 + 100, gatling(VllmChunks.content("a", " one")));
    m.onMessage(T0 + 110, gatling(VllmChunks.error("CUDA out of memory")));
    m.onMessage(T0 + 111, gatling("[DONE]"));
    CallResult r = m.finish(CallMeterTest::words);
    assertThat(r.ok()).isFalse();
    assertThat(r.error()).startsWith("error event mid-stream: CUDA out of memory");
    assertThat(r.ttftMs()).isEqualTo(100);
    assertThat(r.e2eMs()).isNull();
  }

  @Test
  void invalidJsonEventFailsTheCall() {
    CallMeter m = meter(false);
    m.onMessage(T0 + 100, "{\"data\":{\"choices\":[}");
    CallResult r = m.finish(CallMeterTest::words);
    assertThat(r.ok()).isFalse();
    assertThat(r.error()).startsWith("event is not valid JSON");
  }

  @Test
  void aStreamClosedWithoutDoneIsACutStream() {
    CallMeter m = meter(true);
    m.onMessage(T0 + 100, gatling(VllmChunks.content("a", " one")));
    m.onStreamState(StreamState.CLOSED, null, T0 + 200);
    CallResult r = m.finish(CallMeterTest::words);
    assertThat(r.ok()).isFalse();
    assertThat(r.error()).isEqualTo("stream ended without [DONE] after 1 token events");
  }

  @Test
  void gatlingsReconnectAfterACutIsDetectedByTheNewStreamId() {
    CallMeter m = meter(true);
    m.onMessage(T0 + 100, gatling(VllmChunks.content("a", " one")));
    m.onMessage(T0 + 3200, gatling(VllmChunks.role("b")));
    CallResult r = m.finish(CallMeterTest::words);
    assertThat(r.ok()).isFalse();
    assertThat(r.error()).startsWith("connection cut mid-stream after 1 token events");
    assertThat(r.tokenEvents()).isEqualTo(1);
  }

  @Test
  void httpErrorStatusFromGatlingsCrash() {
    CallMeter m = meter(true);
    m.onStreamState(StreamState.CRASHED, "Server returned http response with code 400", T0 + 5);
    m.explainFailure("This model's maximum context length is 8192 tokens.");
    CallResult r = m.finish(CallMeterTest::words);
    assertThat(r.httpStatus()).isEqualTo(400);
    assertThat(r.error()).isEqualTo("HTTP 400: This model's maximum context length is 8192 tokens.");
    assertThat(r.ttftMs()).isNull();
  }

  @Test
  void nonStreamingAnswerIsNamed() {
    CallMeter m = meter(true);
    m.onStreamState(StreamState.CRASHED, "Server returned http response with content-type application/json", T0 + 5);
    assertThat(m.finish(CallMeterTest::words).error()).contains("without a text/event-stream body");
  }

  @Test
  void stallFailsAfterTheTimeoutSinceTheLastEvent() {
    CallMeter m = meter(true);
    m.onMessage(T0 + 100, gatling(VllmChunks.content("a", " one")));
    m.onStreamState(StreamState.OPEN, null, T0 + 5_099);
    assertThat(m.finished()).isFalse();
    m.onStreamState(StreamState.OPEN, null, T0 + 5_100);
    assertThat(m.finished()).isTrue();
    assertThat(m.finish(CallMeterTest::words).error()).startsWith("no event for 5.0 s");
  }

  @Test
  void fewerTokensThanForcedFails() {
    CallMeter m = meter(true);
    m.onMessage(T0 + 100, gatling(VllmChunks.content("a", " one")));
    m.onMessage(T0 + 110, gatling(VllmChunks.last("a", "", "stop")));
    m.onMessage(T0 + 111, gatling(VllmChunks.usage("a", 10, 1)));
    m.onMessage(T0 + 112, gatling("[DONE]"));
    CallResult r = m.finish(CallMeterTest::words);
    assertThat(r.ok()).isFalse();
    assertThat(r.error()).isEqualTo("fewer tokens than forced: 1 of 3 (finish_reason stop)");
  }

  @Test
  void aFullBufferBetweenDrainsFailsTheCall() {
    CallMeter m = meter(false);
    m.onBatch(100);
    assertThat(m.finished()).isTrue();
    assertThat(m.finish(CallMeterTest::words).error()).startsWith("client buffer overflow: 100 events arrived between two drains");
  }

  @Test
  void moreTokenEventsThanUsageMeansDoubleCounting() {
    CallMeter m = meter(false);
    m.onMessage(T0 + 100, gatling(VllmChunks.content("a", " one")));
    m.onMessage(T0 + 101, gatling(VllmChunks.content("a", " one")));
    m.onMessage(T0 + 102, gatling(VllmChunks.usage("a", 10, 1)));
    m.onMessage(T0 + 103, gatling("[DONE]"));
    assertThat(m.finish(CallMeterTest::words).error()).contains("counted twice");
  }

  @Test
  void eventsAfterTheEndAreIgnored() {
    CallMeter m = meter(false);
    m.onMessage(T0 + 100, gatling(VllmChunks.content("a", " one")));
    m.onMessage(T0 + 101, gatling("[DONE]"));
    m.onMessage(T0 + 102, gatling(VllmChunks.content("a", " late")));
    assertThat(m.finish(CallMeterTest::words).tokenEvents()).isEqualTo(1);
  }

  @Test
  void moreTokenEventsThanRequestedFailTheCallAtOnce() {
    CallMeter m = meter(false); // max_tokens 3: at most 3 + EXTRA_TOKEN_EVENTS token events
    int sent = 0;
    while (!m.finished() && sent < 1_000) {
      m.onMessage(T0 + sent, gatling(VllmChunks.content("a", " w")));
      sent++;
    }
    assertThat(sent).isEqualTo(3 + CallMeter.EXTRA_TOKEN_EVENTS + 1);
    CallResult r = m.finish(CallMeterTest::words);
    assertThat(r.ok()).isFalse();
    assertThat(r.error()).startsWith("more token events than requested: 20 with max_tokens=3");
  }

  @Test
  void aCallEndsAtItsMaximumDurationEvenWhileEventsKeepComing() {
    CallMeter m = new CallMeter(new CallSpec(1, "single", 1, 0, "heavy", null, 100, 1_000_000), T0, false, 5_000,
        10_000, 100);
    for (int i = 0; i < 100; i++) {
      m.onMessage(T0 + i * 100, gatling(VllmChunks.content("a", " w")));
      m.onStreamState(StreamState.OPEN, null, T0 + i * 100);
    }
    assertThat(m.finished()).isFalse();
    m.onStreamState(StreamState.OPEN, null, T0 + 10_000);
    assertThat(m.finish(CallMeterTest::words).error())
        .startsWith("call lasted 10.0 s (llm.maxCallSeconds=10.0) after 100 token events");
  }

  @Test
  void keptTextIsBoundedPerRequestedToken() {
    CallMeter m = meter(false);
    String big = "x".repeat(200);
    m.onMessage(T0 + 1, gatling(VllmChunks.content("a", big)));
    m.onMessage(T0 + 2, gatling(VllmChunks.content("a", big)));
    m.onMessage(T0 + 3, gatling(VllmChunks.content("a", big)));
    m.onMessage(T0 + 4, gatling(VllmChunks.content("a", big.repeat(10))));
    CallResult r = m.finish(CallMeterTest::words);
    long cap = (3L + CallMeter.EXTRA_TOKEN_EVENTS) * CallMeter.MAX_CHARS_PER_TOKEN;
    assertThat(r.error()).startsWith("streamed text exceeds " + cap + " characters");
    assertThat((long) r.outputText().length()).isLessThanOrEqualTo(cap);
  }

  @Test
  void aHugeServerErrorMessageIsKeptAsOneBoundedLine() {
    CallMeter m = meter(false);
    m.onMessage(T0 + 1, gatling(VllmChunks.error("line1\\nline2\\u001b[31m " + "y".repeat(100_000))));
    CallResult r = m.finish(CallMeterTest::words);
    assertThat(r.error()).startsWith("error event mid-stream: line1 line2[31m yyy").doesNotContain("\n", "\u001b")
        .endsWith(" more characters)");
    assertThat(r.error().length()).isLessThan(io.llmload.metrics.ServerText.MAX_CHARS + 40);
  }
}
