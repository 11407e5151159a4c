package io.llmload.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.llmload.metrics.SloPolicy;
import io.llmload.verdict.RegressionThresholds;
import io.llmload.verdict.RunAssertions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The known keys and README.md's property tables are the same list; the families' grammar is what their readers accept. */
class SettingKeysTest {
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  /** Every key in the first column of README.md's "| property |" tables; "`.x`" continues the key before it. */
  static Set<String> readmeKeys() throws IOException {
    Set<String> keys = new LinkedHashSet<>();
    boolean inPropertyTable = false;
    for (String line : Files.readAllLines(Path.of("README.md"))) {
      if (!line.startsWith("|")) {
        inPropertyTable = false;
        continue;
      }
      if (line.startsWith("| property |")) {
        inPropertyTable = true;
        continue;
      }
      if (!inPropertyTable) {
        continue;
      }
      String firstCell = line.split("\\|")[1];
      Matcher m = CODE.matcher(firstCell);
      String previous = null;
      while (m.find()) {
        String key = m.group(1);
        if (key.startsWith(".") && previous != null) {
          key = previous.substring(0, previous.lastIndexOf('.')) + key;
        }
        if (SettingKeys.isOurs(key)) {
          keys.add(key);
        }
        previous = key;
      }
    }
    return keys;
  }

  @Test
  void theReadmeTablesListExactlyTheKnownKeysAndFamilies() throws IOException {
    Set<String> readme = readmeKeys();
    Set<String> families = new LinkedHashSet<>();
    readme.removeIf(k -> k.endsWith(".*") && families.add(k.substring(0, k.length() - 1)));
    assertThat(readme).containsExactlyInAnyOrderElementsOf(SettingKeys.KEYS);
    assertThat(families).containsExactlyInAnyOrderElementsOf(SettingKeys.FAMILIES);
  }

  @Test
  void everySingleValuedLlmKeyHasAnEnvironmentTwinAndNoOtherKeyDoes() {
    assertThat(SettingKeys.environmentNames()).contains("LLM_USERS", "LLM_THINK_MIN_SECONDS", "LLM_API_KEY",
        "LLM_ARCHIVE", "LLM_SWEEP_STOP_MIN_CALLS").allMatch(n -> n.startsWith("LLM_"));
    assertThat(SettingKeys.environmentNames()).doesNotHaveDuplicates();
    assertThat(SettingKeys.keyOfEnvironment("LLM_INPUT_MIN")).isEqualTo("llm.input.min");
    assertThat(SettingKeys.hasEnvironmentTwin("sim.port")).isFalse();
    assertThat(SettingKeys.hasEnvironmentTwin("compare.runs")).isFalse();
    assertThat(SettingKeys.hasEnvironmentTwin("llm.slo.ttftMs")).isFalse();
  }

  @Test
  void everyAssertionNameTheGrammarAcceptsIsReadByRunAssertions() {
    for (String name : FamilyGrammar.assertionNames()) {
      for (String key : List.of("llm.assert." + name, "llm.assert.agent_step_5." + name, "llm.assert.level_8." + name)) {
        assertThat(FamilyGrammar.problem(key)).as(key).isNull();
        assertThatCode(() -> RunAssertions.read(Map.of(key, "1"))).as(key).doesNotThrowAnyException();
      }
    }
  }

  @Test
  void everyRegressionNameTheGrammarAcceptsIsKnownToRegressionThresholdsAndBack() {
    assertThat(FamilyGrammar.regressionNames()).containsExactlyInAnyOrderElementsOf(RegressionThresholds.KNOWN.keySet());
  }

  @Test
  void everySloKeyTheGrammarAcceptsIsReadBySloPolicy() {
    for (String key : List.of("llm.slo.ttftMs", "llm.slo.tpotMs", "llm.slo.e2eMs", "llm.slo.percentile",
        "llm.slo.single.ttftMs", "llm.slo.agent.e2eMs", "llm.slo.agent_step_5.e2eMs", "llm.slo.level_0.5.tpotMs",
        "llm.slo.level_16.ttftMs")) {
      assertThat(FamilyGrammar.problem(key)).as(key).isNull();
      assertThatCode(() -> SloPolicy.read(Map.of(key, "90"))).as(key).doesNotThrowAnyException();
    }
  }
}
