package io.llmload.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmConfigTest {
  private static LlmConfig read(String... keyValues) {
    Map<String, String> props = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      props.put(keyValues[i], keyValues[i + 1]);
    }
    return LlmConfig.read(Settings.of(props), LlmConfig.Defaults.SEED);
  }

  @Test
  void defaultsAreTheSeedsWorkload() {
    LlmConfig c = read();
    assertThat(c.useSimulator()).isTrue();
    assertThat(c.users()).isEqualTo(200);
    assertThat(c.rampSeconds()).isEqualTo(20);
    assertThat(c.agentMix()).isEqualTo(0.30);
    assertThat(c.heavyInput()).isEqualTo(new TokenRange(7000, 10000));
    assertThat(c.heavyOutput()).isEqualTo(new TokenRange(4000, 6000));
    assertThat(c.agentInput()).containsExactly(new TokenRange(800, 1500), new TokenRange(1500, 2500),
        new TokenRange(1200, 2200), new TokenRange(2000, 3000), new TokenRange(2500, 4000));
    assertThat(c.agentOutput()).containsExactly(new TokenRange(300, 700), new TokenRange(300, 800),
        new TokenRange(400, 900), new TokenRange(600, 1200), new TokenRange(1200, 2200));
    assertThat(c.thinkMinSeconds()).isEqualTo(0.2);
    assertThat(c.thinkMaxSeconds()).isEqualTo(1.2);
    assertThat(c.temperature()).isEqualTo(0.2);
    assertThat(c.topP()).isEqualTo(0.9);
    assertThat(c.timeoutSeconds()).isEqualTo(1800);
    assertThat(c.injection()).isEqualTo(Injection.OPEN);
    assertThat(c.endpoint()).isEqualTo(Endpoint.CHAT);
    assertThat(c.forceOutputLength()).isTrue();
    assertThat(c.agentChain()).isFalse();
    assertThat(c.encoding()).isEqualTo("cl100k_base");
  }

  @Test
  void environmentVariablesAreTheFallback() {
    Map<String, String> env = Map.of("LLM_USERS", "12", "LLM_THINK_MIN_SECONDS", "0.5", "LLM_INPUT_MAX", "9000");
    LlmConfig c = LlmConfig.read(new Settings(Map.of("llm.users", "13"), env), LlmConfig.Defaults.SEED);
    assertThat(c.users()).isEqualTo(13);
    assertThat(c.thinkMinSeconds()).isEqualTo(0.5);
    assertThat(c.heavyInput().max()).isEqualTo(9000);
    assertThat(Settings.envName("llm.agent.input")).isEqualTo("LLM_AGENT_INPUT");
  }

  @Test
  void apiKeyComesFromEnvironmentAndNeverShows() {
    Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-secret-123");
    LlmConfig c = LlmConfig.read(new Settings(Map.of(), env), LlmConfig.Defaults.SEED);
    assertThat(c.apiKey()).isEqualTo("sk-secret-123");
    assertThat(c.effective().toString()).doesNotContain("sk-secret-123").contains("(set, hidden)");
    assertThat(c.toString()).doesNotContain("sk-secret-123");
  }

  @Test
  void baseUrlIsNormalized() {
    assertThat(read("llm.baseUrl", "http://gpu-1:8000/v1/").baseUrl()).isEqualTo("http://gpu-1:8000");
    assertThat(read("llm.baseUrl", "https://gw.example.com/llm").baseUrl()).isEqualTo("https://gw.example.com/llm");
  }

  @Test
  void badSettingsNameThePropertyAndTheFix() {
    assertThatThrownBy(() -> read("llm.baseUrl", "gpu-1:8000")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("llm.baseUrl").hasMessageContaining("http://");
    assertThatThrownBy(() -> read("llm.baseUrl", "http://")).hasMessageContaining("llm.baseUrl");
    assertThatThrownBy(() -> read("llm.input.min", "9000", "llm.input.max", "8000"))
        .hasMessageContaining("llm.input.min=9000 is above llm.input.max=8000");
    assertThatThrownBy(() -> read("llm.users", "-3")).hasMessageContaining("llm.users=-3 is out of range");
    assertThatThrownBy(() -> read("llm.users", "many")).hasMessageContaining("llm.users=many is not a whole number");
    assertThatThrownBy(() -> read("llm.injection", "poisson")).hasMessageContaining("llm.injection=poisson")
        .hasMessageContaining("open or closed");
    assertThatThrownBy(() -> read("llm.agentMix", "1.5")).hasMessageContaining("llm.agentMix");
    assertThatThrownBy(() -> read("llm.thinkMinSeconds", "2")).hasMessageContaining("llm.thinkMaxSeconds");
    assertThatThrownBy(() -> read("llm.agent.input", "1-2,3")).hasMessageContaining("llm.agent.input");
    assertThatThrownBy(() -> read("llm.agent.input", "100-200")).hasMessageContaining("same number");
    assertThatThrownBy(() -> read("llm.agentChain", "yes")).hasMessageContaining("true or false");
    assertThatThrownBy(() -> read("llm.sharedPrefixTokens", "900")).hasMessageContaining("llm.sharedPrefixTokens");
  }

  @Test
  void aKeyGoesOverPlainHttpOnlyToALoopbackHostUnlessAllowed() {
    assertThatThrownBy(() -> read("llm.baseUrl", "http://gpu-node:8000", "llm.apiKey", "sk-transport-1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("llm.baseUrl=http://gpu-node:8000 is plain http to gpu-node")
        .hasMessageContaining("https://").hasMessageContaining("-Dllm.allowInsecureKey=true")
        .hasMessageNotContaining("sk-transport-1");
    assertThatThrownBy(() -> read("llm.baseUrl", "http://127.0.0.1.evil.example:80", "llm.apiKey", "k"))
        .isInstanceOf(ConfigException.class);
    assertThat(read("llm.baseUrl", "http://gpu-node:8000", "llm.apiKey", "k", "llm.allowInsecureKey", "true").apiKey())
        .isEqualTo("k");
    for (String ok : new String[] {"https://gpu-node:8000", "http://127.0.0.1:8000", "http://localhost:8000",
        "http://[::1]:8000", "http://127.10.0.3:1/v1"}) {
      assertThat(read("llm.baseUrl", ok, "llm.apiKey", "k").apiKey()).as(ok).isEqualTo("k");
    }
    assertThat(read("llm.baseUrl", "http://gpu-node:8000").apiKey()).isNull();
    assertThat(read("llm.baseUrl", "http://gpu-node:8000", "llm.apiKey", "k", "llm.allowInsecureKey", "true")
        .effective()).containsEntry("llm.allowInsecureKey", "true");
  }

  @Test
  void severalReplicasAreOneCommaSeparatedBaseUrlEachCheckedAsOne() {
    LlmConfig c = read("llm.baseUrl", "http://vllm-0:8000/v1/, http://vllm-1:8000");
    assertThat(c.baseUrls()).containsExactly("http://vllm-0:8000", "http://vllm-1:8000");
    assertThat(c.baseUrl()).isEqualTo("http://vllm-0:8000,http://vllm-1:8000");
    assertThat(c.useSimulator()).isFalse();
    assertThat(c.replicaBalance()).isEqualTo(ReplicaBalance.ROUND_ROBIN);
    assertThat(read("llm.baseUrl", "http://gpu-1:8000").baseUrls()).containsExactly("http://gpu-1:8000");
    assertThat(read().baseUrls()).isEmpty();
    assertThat(read("llm.baseUrl", "http://a:1,http://b:1", "llm.replicaBalance", "least_in_flight").replicaBalance())
        .isEqualTo(ReplicaBalance.LEAST_IN_FLIGHT);
  }

  @Test
  void aBadReplicaIsRefusedNamingIt() {
    assertThatThrownBy(() -> read("llm.baseUrl", "http://a:8000,,http://b:8000")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("llm.baseUrl element 2 of 3 is empty").hasMessageContaining("single commas");
    assertThatThrownBy(() -> read("llm.baseUrl", "http://a:8000,")).hasMessageContaining("element 2 of 2 is empty");
    assertThatThrownBy(() -> read("llm.baseUrl", "http://a:8000,b:8000"))
        .hasMessageContaining("llm.baseUrl element 2 of 2 (b:8000) must start with http:// or https://");
    assertThatThrownBy(() -> read("llm.baseUrl", "http://a:8000,http://b:8000?x=1"))
        .hasMessageContaining("element 2 of 2").hasMessageContaining("must not have a query");
    assertThatThrownBy(() -> read("llm.baseUrl", "http://a:8000,http://b:8000,http://a:8000/v1"))
        .hasMessageContaining("llm.baseUrl element 3 of 3 (http://a:8000/v1) repeats element 1");
    assertThatThrownBy(() -> read("llm.baseUrl", "http://a:8000,http://u:pw@b :8000"))
        .hasMessageContaining("element 2 of 2").hasMessageNotContaining("pw");
    assertThatThrownBy(() -> read("llm.replicaBalance", "random"))
        .hasMessageContaining("llm.replicaBalance=random").hasMessageContaining("round_robin or least_in_flight");
  }

  @Test
  void aKeyGoesOverPlainHttpOnlyToLoopbackReplicas() {
    assertThat(read("llm.baseUrl", "https://a:8000,http://127.0.0.1:8001", "llm.apiKey", "k").apiKey()).isEqualTo("k");
    assertThatThrownBy(() -> read("llm.baseUrl", "https://a:8000,http://b:8000", "llm.apiKey", "sk-transport-2"))
        .hasMessageContaining("llm.baseUrl=http://b:8000 is plain http to b").hasMessageNotContaining("sk-transport-2");
  }
}
