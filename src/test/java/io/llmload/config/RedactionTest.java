package io.llmload.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void hidesUserInfoAndQueryValuesOfEveryUrlInAText() {
    assertThat(Redaction.url("http://user:password@127.0.0.1:8000")).isEqualTo("http://[redacted]@127.0.0.1:8000");
    assertThat(Redaction.url("https://h:9/metrics?token=SECRET&x=1"))
        .isEqualTo("https://h:9/metrics?token=[redacted]&x=[redacted]");
    assertThat(Redaction.url("http://h/m?SECRET#frag-SECRET")).isEqualTo("http://h/m?[redacted]#[redacted]");
    // a password with an unescaped '@': everything up to the authority's last '@' is hidden
    assertThat(Redaction.url("http://u:p@ss@h:1/v1")).isEqualTo("http://[redacted]@h:1/v1");
    // lists and messages: each URL on its own, the text around kept
    assertThat(Redaction.url("http://a:s1@h1/metrics,http://h2/metrics?t=s2 did not answer"))
        .isEqualTo("http://[redacted]@h1/metrics,http://h2/metrics?t=[redacted] did not answer");
    assertThat(Redaction.url("llm.baseUrl=HTTP://u:s@h:8000 is unreachable (ConnectException)"))
        .isEqualTo("llm.baseUrl=HTTP://[redacted]@h:8000 is unreachable (ConnectException)");
    // any scheme: a mistyped one is quoted in an error message too
    assertThat(Redaction.url("must be http(s): ftp://u:SECRET@h/m?token=SECRET"))
        .isEqualTo("must be http(s): ftp://[redacted]@h/m?token=[redacted]");
    // a comma inside a query value does not end the redaction
    assertThat(Redaction.url("http://h/m?token=ab,cd")).isEqualTo("http://h/m?token=[redacted]");
    // nothing to hide: unchanged
    for (String plain : new String[] {"http://gpu-node:8000", "http://[::1]:8000/v1", "target/llm-runs", "", null}) {
      assertThat(Redaction.url(plain)).isEqualTo(plain);
    }
  }

  @Test
  void secretKeysAreWrittenAsRedactedButNotTokenCounts() {
    assertThat(Redaction.isSecretKey("llm.api_key")).isTrue();
    assertThat(Redaction.isSecretKey("llm.apiKey")).isTrue();
    assertThat(Redaction.isSecretKey("hf_token")).isTrue();
    assertThat(Redaction.isSecretKey("llm.auth.token")).isTrue();
    assertThat(Redaction.isSecretKey("llm.max_tokens")).isFalse();
    assertThat(Redaction.isSecretKey("llm.single.output_tokens")).isFalse();
    assertThat(Redaction.value("llm.apiKey", "sk-1")).isEqualTo(Redaction.REDACTED);
    assertThat(Redaction.value("llm.apiKey", "")).isEmpty();
    assertThat(Redaction.value("llm.metricsUrl", "http://h/m?token=SECRET")).isEqualTo("http://h/m?token=[redacted]");
  }

  @Test
  void aConfigurationErrorNeverQuotesAUrlsSecrets() {
    assertThat(new ConfigException("llm.baseUrl=http://u:password@h:1 is unreachable").getMessage())
        .isEqualTo("llm.baseUrl=http://[redacted]@h:1 is unreachable");
  }
}
