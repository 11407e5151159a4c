package io.llmload.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallGroupsTest {
  @Test
  void aCallCountsInOverallItsScenarioItsStepAndItsTag() {
    assertThat(CallGroups.groupsOf("single", 0, null)).containsExactly("overall", "single");
    assertThat(CallGroups.groupsOf("agent", 3, "level_16")).containsExactly("overall", "agent", "agent_step_3", "level_16");
    assertThat(CallGroups.groupsOf("agent", 2, "")).containsExactly("overall", "agent", "agent_step_2");
  }

  @Test
  void aTagThatNamesAnotherGroupOfTheCallCountsOnce() {
    assertThat(CallGroups.groupsOf("single", 0, "single")).containsExactly("overall", "single");
  }

  @Test
  void orderIsFixedGroupsStepsThenNamesWithNumbersNumerically() {
    List<String> names = new ArrayList<>(List.of("level_16", "agent_step_10", "zeta", "agent_step_2", "level_4",
        "agent", "overall", "b1", "single", "a2"));
    names.sort(CallGroups.ORDER);
    assertThat(names).containsExactly("overall", "single", "agent", "agent_step_2", "agent_step_10", "a2", "b1",
        "level_4", "level_16", "zeta");
  }

  @Test
  void aReplicasCallsAreAGroupShownAfterTheOthers() {
    assertThat(CallGroups.groupsOf("agent", 2, "level_4", "http://127.0.0.1:8001"))
        .containsExactly("overall", "agent", "agent_step_2", "level_4", "replica http://127.0.0.1:8001");
    assertThat(CallGroups.groupsOf("single", 0, null, "")).containsExactly("overall", "single");
    List<String> names = new ArrayList<>(List.of("replica http://h:10000", "zeta", "replica http://h:8000", "overall",
        "turn_2", "level_4"));
    names.sort(CallGroups.ORDER);
    assertThat(names).containsExactly("overall", "turn_2", "level_4", "zeta", "replica http://h:8000",
        "replica http://h:10000");
  }
}
