package io.llmload.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-turn groups, and the requested-versus-server prompt token comparison that warns beyond 1 %. */
class PromptTokenCheckTest {
  @Test
  void conversationTurnsGetTurnGroupsShownAfterTheAgentSteps() {
    assertThat(CallGroups.groupsOf("conversation", 2, null)).containsExactly("overall", "conversation", "turn_2");
    assertThat(CallGroups.groupsOf("agent", 2, null)).containsExactly("overall", "agent", "agent_step_2");
    java.util.List<String> names = new java.util.ArrayList<>(
        java.util.List.of("turn_10", "level_4", "turn_2", "conversation", "agent_step_1", "overall", "turn_1"));
    names.sort(CallGroups.ORDER);
    assertThat(names).containsExactly("overall", "agent_step_1", "conversation", "turn_1", "turn_2", "turn_10", "level_4");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aGroupWarnsOnlyWhenTheServerCountIsMoreThanOnePercentOff() {
    PromptTokenCheck check = new PromptTokenCheck();
    check.add("single", 0, null, 1000, 1000);
    check.add("single", 0, null, 1000, 1009); // +0.45 % overall: within 1 %
    check.add("agent", 1, null, 200, 210);    // +5 %
    Map<String, Object> s = check.summary();
    Map<String, Object> single = (Map<String, Object>) s.get("single");
    assertThat(single.get("warning")).isEqualTo(false);
    assertThat(single.get("exact_calls")).isEqualTo(1L);
    assertThat(single.get("difference_pct")).isEqualTo(0.45);
    Map<String, Object> agent = (Map<String, Object>) s.get("agent_step_1");
    assertThat(agent.get("warning")).isEqualTo(true);
    assertThat(agent.get("difference_pct")).isEqualTo(5.0);
    assertThat(s.keySet()).containsExactly("overall", "single", "agent", "agent_step_1");
  }
}
