package io.llmload.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmload.metrics.Definitions;
import org.junit.jupiter.api.Test;

/** The send delay in the report: a row of every group's table, with its definition in the summary's definitions. */
class SendDelayReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyGroupTableHasTheSendDelayRow() throws Exception {
    String dist = "{\"count\": 2, \"p50\": 0.42, \"p90\": 3.5, \"p95\": 3.5, \"p99\": 3.5, \"mean\": 1.96, \"max\": 3.5}";
    StringBuilder h = new StringBuilder();
    GroupSection.percentiles(h, JSON.readTree("{\"overall\": {\"calls\": 2, \"ok\": 2, \"send_delay_ms\": " + dist + "}}"));
    assertThat(h.toString()).contains("send delay (ms): written − start",
        "data-key=\"groups.overall.send_delay_ms.p50\">0.42<");
    assertThat(Definitions.all()).containsKeys("sent_ms", "send_delay_ms");
    assertThat(Definitions.all().get("send_delay_ms")).contains("sent - start");
  }
}
