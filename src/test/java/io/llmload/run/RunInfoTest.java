package io.llmload.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.config.Redaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunInfoTest {
  @TempDir
  Path tmp;

  @Test
  void writesPrettyJsonAndReadsTheSameMapBackInOrder() throws Exception {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("label", "nightly");
    info.put("target", Map.of("base_url", "http://127.0.0.1:8000/v1", "model", "m"));
    info.put("host", "loadgen-1");
    info.put("java_version", System.getProperty("java.version"));
    info.put("users", 200);
    info.put("levels", List.of(1, 4, 16));

    Path file = RunInfo.write(tmp, info);

    assertThat(file).isEqualTo(tmp.resolve("run.json"));
    assertThat(Files.readString(file)).contains("\n  \"label\" : \"nightly\"");
    Map<String, Object> back = RunInfo.read(tmp);
    assertThat(back.get("label")).isEqualTo("nightly");
    assertThat(back.keySet()).containsExactly("label", "target", "host", "java_version", "users", "levels");
    assertThat(back.get("users")).isEqualTo(200);
    assertThat(back.get("levels")).isEqualTo(List.of(1, 4, 16));
    assertThat(back.get("target")).isEqualTo(Map.of("base_url", "http://127.0.0.1:8000/v1", "model", "m"));
  }

  @Test
  void neverWritesValuesOfSecretLookingKeysAtAnyDepth() throws Exception {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("api_key", "sk-secret-1");
    info.put("config", Map.of("llm.apiKey", "sk-secret-2", "llm.max_tokens", 512, "llm.headers",
        Map.of("Authorization", "Bearer sk-secret-3"), "llm.metricsUrl", "http://h:1/metrics?token=sk-secret-4"));
    info.put("target", Map.of("base_url", "http://user:sk-secret-5@127.0.0.1:8000"));

    RunInfo.write(tmp, info);

    String json = Files.readString(tmp.resolve("run.json"));
    assertThat(json).doesNotContain("sk-secret").contains("\"llm.max_tokens\" : 512").contains(Redaction.REDACTED);
  }

  @Test
  void anAbsentRunJsonReadsAsEmpty() {
    assertThat(RunInfo.read(tmp)).isEmpty();
  }
}
