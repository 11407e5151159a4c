package io.llmload.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** llm.workload, llm.tokenizer and llm.dataset.*: defaults, and the refusals that name the fix. */
class DatasetConfigTest {
  private static LlmConfig read(Map<String, String> props) {
    return LlmConfig.read(Settings.of(props), LlmConfig.Defaults.SEED);
  }

  @Test
  void defaultsAreTheSyntheticWorkloadSizedInTheEncoding() {
    LlmConfig c = read(Map.of("llm.users", "7"));
    assertThat(c.workload()).isEqualTo("synthetic");
    assertThat(c.tokenizer()).isEqualTo("cl100k_base");
    assertThat(c.serverTokenizer()).isFalse();
    assertThat(c.dataset()).isEqualTo(new DatasetConfig(null, true, 7, 4, 1024, 4, 1024));
    assertThat(read(Map.of("llm.tokenizer", "SERVER")).serverTokenizer()).isTrue();
    assertThat(c.effective()).containsEntry("llm.tokenizer", "cl100k_base").containsEntry("llm.dataset.conversations", "7");
  }

  @Test
  void badValuesAreRefusedWithTheFix() {
    assertThatThrownBy(() -> read(Map.of("llm.workload", "conversations")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("-Dllm.dataset.file=");
    assertThatThrownBy(() -> read(Map.of("llm.workload", "traces"))).hasMessageContaining("synthetic")
        .hasMessageContaining("conversations");
    assertThatThrownBy(() -> read(Map.of("llm.tokenizer", "/models/llama/tokenizer.json")))
        .hasMessageContaining("server (the server's /tokenize").hasMessageContaining("tokenizer.json file or a folder");
    LlmConfig local = read(Map.of("llm.tokenizer", "src/test/resources/tokenizers/wordlevel"));
    assertThat(local.localTokenizer()).isTrue();
    assertThat(local.serverTokenizer()).isFalse();
    assertThatThrownBy(() -> read(Map.of("llm.tokenizer", "server", "llm.agentChain", "true")))
        .hasMessageContaining("llm.agentChain=false");
    assertThatThrownBy(() -> read(Map.of("llm.dataset.minInputTokens", "2000")))
        .hasMessageContaining("llm.dataset.minInputTokens=2000 is above llm.dataset.maxInputTokens=1024");
  }
}
