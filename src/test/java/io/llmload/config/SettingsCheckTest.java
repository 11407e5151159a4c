package io.llmload.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unknown settings are refused before any load, each with the nearest known name. */
class SettingsCheckTest {
  private static List<String> problems(String... keys) {
    return SettingsCheck.problems(List.of(keys), List.of());
  }

  @Test
  void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
    assertThat(DidYouMean.distance("llm.user", "llm.users")).isEqualTo(1);
    assertThat(DidYouMean.distance("llm.basUrl", "llm.baseUrl")).isEqualTo(1);
    assertThat(DidYouMean.distance("singel", "single")).isEqualTo(2);
    assertThat(DidYouMean.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(DidYouMean.distance("ttftMS", "ttftMs")).isZero();
    assertThat(DidYouMean.distance("", "abc")).isEqualTo(3);
  }

  @Test
  void theNearestCandidateIsSuggestedOnlyWhenItIsNear() {
    assertThat(DidYouMean.nearest("llm.user", List.of("llm.users", "llm.seed", "llm.label"))).isEqualTo("llm.users");
    assertThat(DidYouMean.nearest("llm.completelyDifferent", List.of("llm.users", "llm.seed"))).isNull();
  }

  @Test
  void aMistypedBaseUrlIsRefusedWithTheKnownKey() {
    assertThat(problems("llm.basUrl")).containsExactly("-Dllm.basUrl is not a setting; did you mean -Dllm.baseUrl?");
  }

  @Test
  void aMistypedUsersIsRefusedWithTheKnownKey() {
    assertThat(problems("llm.user")).containsExactly("-Dllm.user is not a setting; did you mean -Dllm.users?");
  }

  @Test
  void aMistypedSloGroupIsRefusedWithTheKnownGroup() {
    assertThat(problems("llm.slo.singel.ttftMs")).singleElement().asString()
        .startsWith("-Dllm.slo.singel.ttftMs is not an SLO")
        .endsWith("did you mean -Dllm.slo.single.ttftMs?");
    assertThat(problems("llm.slo.agent.ttftMS")).singleElement().asString().endsWith("did you mean -Dllm.slo.agent.ttftMs?");
    assertThat(problems("llm.slo.overall.e2eMs")).singleElement().asString().endsWith("did you mean -Dllm.slo.e2eMs?");
  }

  @Test
  void aMistypedEnvironmentVariableIsRefusedWithTheKnownOne() {
    assertThat(SettingsCheck.problems(List.of(), List.of("LLM_USER", "LLM_USERS", "PATH", "OPENAI_API_KEY")))
        .containsExactly("environment variable LLM_USER is not a setting; did you mean LLM_USERS (-Dllm.users)?");
    assertThat(SettingsCheck.problems(List.of(), List.of("LLM_SLO_TTFT_MS"))).singleElement().asString()
        .contains("llm.slo.* settings are read from -D only");
  }

  @Test
  void validFamilyKeysPass() {
    assertThat(problems("llm.slo.ttftMs", "llm.slo.percentile", "llm.slo.agent_step_5.e2eMs", "llm.slo.level_16.tpotMs",
        "llm.assert.ttftP95Ms", "llm.assert.overall.errorRatePct", "llm.assert.agent_step_2.itlP99Ms",
        "llm.regression.ttftP95Pct", "llm.regression.throughputPct")).isEmpty();
  }

  @Test
  void malformedFamilyKeysAreRefused() {
    assertThat(problems("llm.assert.ttftP97Ms")).singleElement().asString().contains("is not an assertion");
    assertThat(problems("llm.slo.latencyMs")).singleElement().asString().contains("is not an SLO");
    assertThat(problems("llm.slo.single.percentile")).singleElement().asString().contains("is not an SLO");
    assertThat(problems("llm.regression.ttftP95pct")).singleElement().asString()
        .endsWith("did you mean -Dllm.regression.ttftP95Pct?");
  }

  @Test
  void keysThatAreNotOursAreNeverJudged() {
    assertThat(problems("gatling.simulationClass", "java.version", "user.dir", "maven.repo.local", "llmx.foo",
        "surefire.failIfNoSpecifiedTests")).isEmpty();
    assertThat(problems("sim.prot", "compare.run", "merge.anything")).hasSize(3);
  }

  @Test
  void checkThrowsOneMessageListingEveryUnknownSetting() {
    Settings settings = new Settings(Map.of("llm.user", "3", "llm.basUrl", "http://x", "llm.users", "3"),
        Map.of("LLM_USER", "4"));
    assertThatThrownBy(settings::check).isInstanceOf(ConfigException.class)
        .hasMessageContaining("3 unknown settings")
        .hasMessageContaining("did you mean -Dllm.users?")
        .hasMessageContaining("did you mean -Dllm.baseUrl?")
        .hasMessageContaining("did you mean LLM_USERS");
    assertThat(Settings.of(Map.of("llm.users", "3", "gatling.x", "y")).check()).isNotNull();
  }

  @Test
  void onlySingleValuedLlmKeysFallBackToTheEnvironment() {
    Settings settings = new Settings(Map.of(), Map.of("LLM_ARCHIVE", "false", "SIM_PORT", "9000",
        "LLM_BASELINE", "reports/x"));
    assertThat(settings.bool("llm.archive", true)).isFalse();
    assertThat(settings.raw("llm.baseline")).isEqualTo("reports/x");
    assertThat(settings.raw("sim.port")).isNull();
  }

  @Test
  void familiesAreReadFromTheProperties() {
    Settings settings = Settings.of(Map.of("llm.slo.ttftMs", "100", "llm.slo.single.e2eMs", "9", "llm.users", "3"));
    assertThat(settings.family("llm.slo.")).containsOnlyKeys("llm.slo.ttftMs", "llm.slo.single.e2eMs");
    assertThatThrownBy(() -> settings.raw("llm.notAKey")).isInstanceOf(IllegalArgumentException.class);
  }
}
