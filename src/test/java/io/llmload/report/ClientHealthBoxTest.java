package io.llmload.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The report's top box speaks of what happened, and calls the client saturated only when its CPU was. */
class ClientHealthBoxTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String box(String health) throws Exception {
    StringBuilder h = new StringBuilder();
    AlertBoxes.clientHealth(h, JSON.readTree(health));
    return h.toString();
  }

  @Test
  void aPauseWarningIsShownAsWhatHappenedWithoutCallingTheClientSaturated() throws Exception {
    String html = box("{\"cpu_saturated\": false, \"warnings\": [\"12 calls' TTFT may be late by up to 40 ms: the client"
        + " paused at T+31.2 s for 40 ms; the 12 calls: 3, 17 <b>\"]}");
    assertThat(html).contains("Some measured stamps may be late").doesNotContain("saturated")
        .contains("<li>12 calls&#39;").contains("T+31.2 s for 40 ms; the 12 calls: 3, 17 &lt;b&gt;</li>");
  }

  @Test
  void theClientIsCalledSaturatedOnlyWhenItsCpuWas() throws Exception {
    assertThat(box("{\"cpu_saturated\": true, \"warnings\": [\"the load generator's JVM used up to 95% of the"
        + " machine's CPU\"]}")).contains("The client was saturated");
  }

  @Test
  void noWarningNoBoxEvenWithNotes() throws Exception {
    assertThat(box("{\"cpu_saturated\": false, \"warnings\": [], \"notes\": [\"the client paused 1 time\"]}")).isEmpty();
  }

  @Test
  void theReferenceSectionListsTheLongestPausesAsATable() throws Exception {
    JsonNode summary = JSON.readTree("{\"client_health\": {\"cores\": 2, \"pauses\": {\"recorded\": 1, \"longest\": [{\"loop\": 1,"
        + " \"start_ms\": 5, \"end_ms\": 100, \"length_ms\": 95.25, \"at\": \"T−3.0 s\", \"in_measured_window\": false,"
        + " \"calls\": 0, \"ttft_calls\": 0, \"token_events\": 0}]}, \"notes\": [\"n\"]}}");
    StringBuilder h = new StringBuilder();
    ReferenceSection.append(h, summary, JSON.createObjectNode());
    String html = h.toString();
    assertThat(html).contains("id=\"client-pauses\"").contains("data-key=\"client_pauses.0.at\">T−3.0 s<")
        .contains("data-key=\"client_pauses.0.length_ms\">95.3<").contains("data-key=\"client_pauses.0.in_measured_window\">no<")
        .doesNotContain("pauses.longest");
    assertThat(html).contains(">pauses.recorded<");
  }
}
