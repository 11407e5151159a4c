package io.llmload.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The simulator can be stopped and started again on the same port at once, even while streams were
 * in flight: the server closed those connections itself, so their sockets on that port sit in
 * TIME_WAIT, and a bind without SO_REUSEADDR would fail with "Address already in use".
 */
class SimulatorRestartTest {
  private static SimConfig config(int port) {
    return SimConfig.builder().mode(SimMode.FIXED).ttftMs(20).itlMs(20).port(port).build();
  }

  private static String streamBody(int maxTokens) {
    return "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true,\"max_tokens\":" + maxTokens
        + ",\"ignore_eos\":true,\"stream_options\":{\"include_usage\":true}}";
  }

  @Test
  void restartsOnTheSamePortRightAfterCloseWithStreamsInFlight() throws Exception {
    VllmSimulator first = VllmSimulator.start(config(0));
    int port = first.port();
    CompletableFuture<RawHttp.Result> cut;
    try {
      // two streams of ~20 s each: still running when the server stops
      cut = CompletableFuture.supplyAsync(() -> post(port, 1000));
      CompletableFuture<RawHttp.Result> cut2 = CompletableFuture.supplyAsync(() -> post(port, 1000));
      assertThat(Await.until(() -> first.activeRequests() == 2, 30_000)).as("two streams in flight").isTrue();
      first.close();
      assertThat(first.activeRequests()).as("close() ends every stream").isZero();
      for (CompletableFuture<RawHttp.Result> f : java.util.List.of(cut, cut2)) {
        RawHttp.Result r = f.get(30, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.closedByServer()).isTrue();
        assertThat(r.hasTerminatingChunk()).isFalse();
        assertThat(r.raw()).doesNotContain("[DONE]");
      }
      assertThat(first.requestLog().records()).hasSize(2)
          .allSatisfy(rec -> assertThat(rec.finishReason()).isEqualTo("cancelled"));
    } finally {
      first.close();
    }
    // the very next moment, same port
    try (VllmSimulator second = VllmSimulator.start(config(port))) {
      assertThat(second.port()).isEqualTo(port);
      RawHttp.Result r = post(port, 5);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.raw()).contains("data: [DONE]");
      assertThat(second.requestLog().records()).singleElement()
          .satisfies(rec -> assertThat(rec.finishReason()).isEqualTo("length"));
    }
  }

  private static RawHttp.Result post(int port, int tokens) {
    try {
      return RawHttp.post(port, "/v1/chat/completions", streamBody(tokens), 60_000);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
