package io.llmload.run;

import static org.assertj.core.api.Assertions.assertThat;

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
        Map.of("Authorization", "Bearer sk-secret-3")));

    RunInfo.write(tmp, info);

    String json = Files.readString(tmp.resolve("run.json"));
    assertThat(json).doesNotContain("sk-secret").contains("\"llm.max_tokens\" : 512").contains(RunInfo.REDACTED);
  }

  @Test
  void recognisesSecretKeysButNotTokenCounts() {
    assertThat(RunInfo.isSecretKey("llm.api_key")).isTrue();
    assertThat(RunInfo.isSecretKey("hf_token")).isTrue();
    assertThat(RunInfo.isSecretKey("llm.auth.token")).isTrue();
    assertThat(RunInfo.isSecretKey("llm.max_tokens")).isFalse();
    assertThat(RunInfo.isSecretKey("llm.single.output_tokens")).isFalse();
  }

  @Test
  void anAbsentRunJsonReadsAsEmpty() {
    assertThat(RunInfo.read(tmp)).isEmpty();
  }
}
