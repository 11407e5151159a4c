package io.llmload.target;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.sim.SimConfig;
import io.llmload.sim.SimMode;
import io.llmload.sim.VllmSimulator;
import org.junit.jupiter.api.Test;

class ErrorExplainerTest {
  @Test
  void readsVllmsReasonForARefusedRequestAndNeverReplaysOverload() {
    try (VllmSimulator server = VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).maxModelLen(100).port(0).build())) {
      ErrorExplainer explainer = new ErrorExplainer(server.baseUrl() + "/v1/chat/completions", null);
      String tooLong = "{\"model\":\"" + server.config().model() + "\",\"stream\":true,\"max_tokens\":500,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}";
      assertThat(explainer.explain(400, tooLong)).contains("maximum context length");
      int before = server.requestLog().size();
      assertThat(explainer.explain(429, tooLong)).isNull();
      assertThat(explainer.explain(503, tooLong)).isNull();
      assertThat(server.requestLog().size()).isEqualTo(before);
      for (int i = 0; i < 5; i++) {
        explainer.explain(400, tooLong);
      }
      assertThat(server.requestLog().size()).isEqualTo(before + ErrorExplainer.MAX_PROBES_PER_STATUS - 1);
      assertThat(explainer.explain(400, tooLong)).endsWith("(as for an earlier call with this status)");
    }
  }

  @Test
  void messageShapes() {
    assertThat(ErrorExplainer.message("{\"error\":{\"message\":\"The model `x` does not exist.\",\"code\":404}}"))
        .isEqualTo("The model `x` does not exist.");
    assertThat(ErrorExplainer.message("{\"object\":\"error\",\"message\":\"old\"}")).isEqualTo("old");
    assertThat(ErrorExplainer.message("{\"error\":\"Unauthorized\"}")).isEqualTo("Unauthorized");
    assertThat(ErrorExplainer.message("not json")).isNull();
  }
}
