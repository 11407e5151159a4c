package io.llmload.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

  private static VllmSimulator start(String faults, long seed) {
    return VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).ttftMs(1).itlMs(1).faults(faults).seed(seed)
        .stallSeconds(0.3).build());
  }

  private static String streamBody(int maxTokens) {
    return "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true,\"max_tokens\":" + maxTokens
        + ",\"ignore_eos\":true,\"stream_options\":{\"include_usage\":true}}";
  }

  /** Token-bearing chunks (content) among the data payloads. */
  private static int contentChunks(List<String> payloads) {
    int n = 0;
    for (String p : payloads) {
      if (p.equals("[DONE]")) continue;
      try {
        JsonNode j = TestHttp.JSON.readTree(p);
        JsonNode c = j.at("/choices/0/delta/content");
        if (c.isTextual() && !c.asText().isEmpty()) n++;
      } catch (Exception invalid) {
        // broken payload
      }
    }
    return n;
  }

  @Test
  void preStreamFaultsAnswerWithJsonErrors() throws Exception {
    for (String kind : new String[] {"http500", "http429", "http503", "context400"}) {
      try (VllmSimulator sim = start(kind + ":1", 1)) {
        RawHttp.Result r = RawHttp.post(sim.port(), "/v1/chat/completions", streamBody(10), 10_000);
        int expected = switch (kind) {
          case "http500" -> 500;
          case "http429" -> 429;
          case "http503" -> 503;
          default -> 400;
        };
        assertThat(r.status()).as(kind).isEqualTo(expected);
        assertThat(r.raw()).contains("application/json").contains("{\"error\":{\"message\":");
        if (kind.equals("http429")) assertThat(r.raw().toLowerCase()).contains("retry-after: 1");
        if (kind.equals("context400")) assertThat(r.raw()).contains("This model's maximum context length is");
        FaultRecord f = sim.faultLog().records().get(0);
        assertThat(f.kind().key()).isEqualTo(kind);
        assertThat(f.afterTokens()).isZero();
        assertThat(f.requestId()).startsWith("chatcmpl-");
      }
    }
  }

  @Test
  void midstreamErrorSendsErrorEventThenDone() throws Exception {
    try (VllmSimulator sim = start("midstream_error:1", 3)) {
      RawHttp.Result r = RawHttp.post(sim.port(), "/v1/chat/completions", streamBody(50), 10_000);
      assertThat(r.status()).isEqualTo(200);
      List<String> payloads = TestHttp.dataPayloads(r.raw().replace("\r\n", "\n"));
      assertThat(payloads.get(payloads.size() - 1)).isEqualTo("[DONE]");
      JsonNode err = TestHttp.json(payloads.get(payloads.size() - 2));
      assertThat(err.at("/error/code").asInt()).isEqualTo(500);
      assertThat(err.at("/error/message").asText()).isNotEmpty();
      FaultRecord f = sim.faultLog().records().get(0);
      assertThat(f.kind()).isEqualTo(FaultKind.MIDSTREAM_ERROR);
      assertThat(contentChunks(payloads)).isEqualTo(f.afterTokens());
      assertThat(f.afterTokens()).isLessThan(50);
    }
  }

  @Test
  void cutClosesTheConnectionWithoutTerminatingChunk() throws Exception {
    try (VllmSimulator sim = start("cut:1", 4)) {
      RawHttp.Result r = RawHttp.post(sim.port(), "/v1/chat/completions", streamBody(50), 10_000);
      assertThat(r.closedByServer()).isTrue();
      assertThat(r.hasTerminatingChunk()).isFalse();
      assertThat(r.raw()).doesNotContain("[DONE]");
      FaultRecord f = sim.faultLog().records().get(0);
      assertThat(f.kind()).isEqualTo(FaultKind.CUT);
      assertThat(contentChunks(TestHttp.dataPayloads(r.raw().replace("\r\n", "\n")))).isEqualTo(f.afterTokens());
    }
  }

  @Test
  void stallStopsSendingThenCloses() throws Exception {
    try (VllmSimulator sim = start("stall:1", 5)) {
      RawHttp.Result r = RawHttp.post(sim.port(), "/v1/chat/completions", streamBody(50), 20_000);
      assertThat(r.closedByServer()).isTrue();
      assertThat(r.raw()).doesNotContain("[DONE]");
      assertThat(r.elapsedNanos()).isGreaterThanOrEqualTo(300_000_000L);
      FaultRecord f = sim.faultLog().records().get(0);
      assertThat(f.kind()).isEqualTo(FaultKind.STALL);
      assertThat(contentChunks(TestHttp.dataPayloads(r.raw().replace("\r\n", "\n")))).isEqualTo(f.afterTokens());
    }
  }

  @Test
  void invalidJsonIsOneBrokenEventThenTheStreamGoesOn() throws Exception {
    try (VllmSimulator sim = start("invalid_json:1", 6)) {
      RawHttp.Result r = RawHttp.post(sim.port(), "/v1/chat/completions", streamBody(30), 10_000);
      List<String> payloads = TestHttp.dataPayloads(r.raw().replace("\r\n", "\n"));
      int broken = 0;
      for (String p : payloads) {
        if (p.equals("[DONE]")) continue;
        try {
          TestHttp.JSON.readTree(p);
        } catch (Exception e) {
          broken++;
        }
      }
      assertThat(broken).isEqualTo(1);
      assertThat(contentChunks(payloads)).isEqualTo(30);
      assertThat(payloads.get(payloads.size() - 1)).isEqualTo("[DONE]");
      assertThat(sim.faultLog().count(FaultKind.INVALID_JSON)).isEqualTo(1);
    }
  }

  @Test
  void faultSelectionIsReproducibleFromTheSeed() throws Exception {
    String spec = "http500:0.1,http429:0.1,midstream_error:0.1,cut:0.1,invalid_json:0.1";
    List<String> a = run(spec, 11);
    List<String> b = run(spec, 11);
    List<String> c = run(spec, 12);
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
    assertThat(a.stream().filter(s -> !s.equals("none")).count()).isGreaterThan(5);
  }

  /** Sends 40 sequential requests; per request: "none" or kind@afterTokens, compared with what the raw client saw. */
  private static List<String> run(String spec, long seed) throws Exception {
    List<String> seen = new ArrayList<>();
    try (VllmSimulator sim = start(spec, seed)) {
      for (int i = 0; i < 40; i++) {
        int before = sim.faultLog().size();
        RawHttp.Result r = RawHttp.post(sim.port(), "/v1/chat/completions", streamBody(8), 10_000);
        if (sim.faultLog().size() == before) {
          assertThat(r.raw()).contains("[DONE]");
          seen.add("none");
        } else {
          FaultRecord f = sim.faultLog().records().get(before);
          seen.add(f.kind().key() + "@" + f.afterTokens());
        }
      }
      assertThat(sim.faultLog().countsByKind().values().stream().mapToInt(Integer::intValue).sum())
          .isEqualTo(sim.faultLog().size());
    }
    return seen;
  }
}
