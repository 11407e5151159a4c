package io.llmload.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sweep-summary.json is written byte for byte as recorded (same keys, order, number types and prose). */
class SweepSummaryJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Test
  void everyCaseIsWrittenAsRecorded(@TempDir Path tmp) throws Exception {
    Map<String, SweepSummary> summaries = SweepFixtures.summaries(tmp);
    assertThat(summaries.keySet()).containsExactlyElementsOf(SweepFixtures.CASES);
    for (Map.Entry<String, SweepSummary> e : summaries.entrySet()) {
      assertThat(JSON.writeValueAsString(e.getValue().toJson()) + "\n").as(e.getKey())
          .isEqualTo(SweepFixtures.expected(e.getKey(), "json"));
    }
  }
}
