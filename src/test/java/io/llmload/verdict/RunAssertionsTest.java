package io.llmload.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmload.config.ConfigException;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunAssertionsTest {
  private static final Map<String, Object> SUMMARY = Map.of("groups", Map.of("overall",
      Map.of("ttft_ms", Map.of("p95", 212.25), "throughput_output_tokens_per_s", 80.5)));

  @Test
  void messagesGiveTheFigureAndTheLimitWithThreeDecimalsWhateverTheLocale() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      List<Check> checks = RunAssertions.read(Map.of("llm.assert.ttftP95Ms", "250", "llm.assert.throughputMin", "100"))
          .evaluate(SUMMARY);
      assertThat(checks).extracting(Check::message).containsExactlyInAnyOrder("212.250 <= 250.000",
          "80.500 is below the limit 100.000");
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void nanAndInfinityAreRefusedNamingTheProperty() {
    String[][] bad = {{"llm.assert.ttftP95Ms", "NaN"}, {"llm.assert.errorRatePct", "Infinity"},
        {"llm.assert.single.e2eMaxMs", "-Infinity"}, {"llm.assert.throughputMin", "1e400"}};
    for (String[] kv : bad) {
      assertThatThrownBy(() -> RunAssertions.read(Map.of(kv[0], kv[1])))
          .as("%s=%s", kv[0], kv[1]).isInstanceOf(ConfigException.class).hasMessageContaining(kv[0])
          .hasMessageContaining("finite");
    }
  }
}
