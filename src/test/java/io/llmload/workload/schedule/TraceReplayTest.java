package io.llmload.workload.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmload.config.ConfigException;
import io.llmload.config.LlmConfig;
import io.llmload.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replay's settings are checked, and the trace read and cut, before any load. */
class TraceReplayTest {
  private static LlmConfig config(Map<String, String> props) {
    return LlmConfig.read(Settings.of(props), LlmConfig.Defaults.SMOKE);
  }

  @Test
  void missingOrWrongSettingsAreRefusedNamingTheFix(@TempDir Path tmp) {
    assertThatThrownBy(() -> TraceReplay.schedule(config(Map.of()))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("-Dllm.trace.file=");
    assertThatThrownBy(() -> TraceReplay.schedule(config(Map.of("llm.trace.file", "x.jsonl"))))
        .hasMessageContaining("is not a readable file");
    assertThatThrownBy(() -> TraceReplay.schedule(config(Map.of("llm.trace.file", tmp.resolve("none").toString(),
        "llm.trace.format", "mooncake")))).hasMessageContaining("is not a readable file");
    assertThatThrownBy(() -> TraceReplay.schedule(config(Map.of("llm.workload", "dataset")))).hasMessageContaining(
        "llm.workload=dataset");
  }

  @Test
  void theReaderIsUsedAndAnEmptyWindowIsAnError(@TempDir Path tmp) throws Exception {
    Path file = Files.writeString(tmp.resolve("t.jsonl"), "{\"timestamp\": 0, \"input_length\": 10, \"output_length\": 5}\n"
        + "{\"timestamp\": 2000, \"input_length\": 10, \"output_length\": 5}\n");
    SendSchedule s = TraceReplay.schedule(config(Map.of("llm.trace.file", file.toString(), "llm.trace.format", "jsonl",
        "llm.trace.speedup", "2")));
    assertThat(s.offsetsNanos()).containsExactly(0, 1_000_000_000);
    assertThatThrownBy(() -> TraceReplay.schedule(config(Map.of("llm.trace.file", file.toString(),
        "llm.trace.format", "jsonl", "llm.trace.startS", "5")))).hasMessageContaining("no record to send (2 records read;"
        + " 2 trace records before llm.trace.startS=5 s skipped)");
  }
}
