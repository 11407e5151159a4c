package io.llmload.compare;

import io.llmload.testing.SyntheticRun;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparabilityTest {
  @TempDir
  Path dir;

  @Test
  void sameWorkloadIsComparableEvenWithDifferentLabelSeedAndUrl() throws Exception {
    RunData a = RunData.load(new SyntheticRun().label("a").calls(50).write(dir));
    RunData b = RunData.load(new SyntheticRun().label("b").calls(50).set("llm.seed", "7")
        .set("llm.label", "other").set("llm.baseUrl", "http://127.0.0.1:2").set("llm.rampSeconds", "20.0").write(dir));
    Comparability c = Comparability.of(a, b);
    assertThat(c.comparable()).as(c.differences().toString()).isTrue();
  }

  @Test
  void differentWorkloadOrModelIsNotComparableAndSaysWhatDiffers() throws Exception {
    RunData a = RunData.load(new SyntheticRun().label("a").calls(50).write(dir));
    RunData b = RunData.load(new SyntheticRun().label("b").calls(50).set("llm.users", "100")
        .set("llm.agent.output", "300-700").model("bigger-model").write(dir));
    Comparability c = Comparability.of(a, b);
    assertThat(c.comparable()).isFalse();
    assertThat(c.differences()).containsExactly(
        "model (run.target.model): test-model (a) vs bigger-model (b)",
        "llm.users: 50 (a) vs 100 (b)",
        "llm.agent.output: 300-700,300-800,400-900,600-1200,1200-2200 (a) vs 300-700 (b)");
  }

  @Test
  void aKeyRecordedInOnlyOneRunIsADifferenceAndUnprefixedKeysAreFound() {
    Comparability c = Comparability.of("a", Map.of("llm.users", "10", "llm.encoding", "cl100k_base"), "m",
        "b", Map.of("users", "10"), "m");
    assertThat(c.differences()).containsExactly("llm.encoding: cl100k_base (a) vs (not recorded) (b)");
    assertThat(Comparability.sameValue("OPEN", "open")).isTrue();
    assertThat(Comparability.sameValue("0.30", "0.3")).isTrue();
    assertThat(Comparability.sameValue("0.3", "0.31")).isFalse();
  }

  @Test
  void workloadKeysAreTheConfigNamesOfTheSuite() {
    assertThat(Comparability.WORKLOAD_KEYS).allMatch(k -> k.startsWith("llm."))
        .contains("llm.users", "llm.input.min", "llm.agent.output", "llm.thinkMaxSeconds", "llm.sharedPrefixTokens")
        .doesNotContain("llm.label", "llm.baseUrl", "llm.seed");
  }
}
