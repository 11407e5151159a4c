package io.llmload.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ScheduleReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theBehindScheduleBoxShowsOnlyWhenTheRunFellBehind() throws Exception {
    StringBuilder h = new StringBuilder();
    AlertBoxes.behindSchedule(h, JSON.readTree("{\"calls\": 3}"));
    assertThat(h).isEmpty();
    AlertBoxes.behindSchedule(h, JSON.readTree("{\"behind_schedule\": \"calls were sent up to 250.0 ms late\"}"));
    assertThat(h.toString()).contains("id=\"behind-schedule\"", "calls were sent up to 250.0 ms late");
  }

  @Test
  void groupTablesShowQueueAndDispatchRowsOnlyForScheduledGroups() throws Exception {
    String dist = "{\"count\": 2, \"p50\": 1.5, \"p90\": 2, \"p95\": 2, \"p99\": 2, \"mean\": 1.75, \"max\": 2}";
    StringBuilder h = new StringBuilder();
    GroupSection.percentiles(h, JSON.readTree("{\"overall\": {\"calls\": 2, \"ok\": 2, \"queue_ms\": " + dist
        + ", \"dispatch_delay_ms\": " + dist + "}, \"single\": {\"calls\": 2, \"ok\": 2}}"));
    String html = h.toString();
    assertThat(html).contains("data-key=\"groups.overall.queue_ms.p50\"", "data-key=\"groups.overall.dispatch_delay_ms.max\"")
        .doesNotContain("groups.single.queue_ms");
  }
}
