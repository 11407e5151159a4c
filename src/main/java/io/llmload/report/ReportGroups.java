package io.llmload.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmload.metrics.CallGroups;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The summary's group names in display order ({@link CallGroups#ORDER}). */
final class ReportGroups {
  private ReportGroups() {
  }

  static List<String> ordered(JsonNode groups) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = groups.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    names.sort(CallGroups.ORDER);
    return names;
  }

  /**
   * The groups in display order, less those with no calls (agent and agent_step_N in a run of single
   * calls, llm.agentMix=0): they would be rows of dashes. overall is always kept.
   */
  static List<String> withCalls(JsonNode groups) {
    List<String> names = ordered(groups);
    names.removeIf(g -> !"overall".equals(g) && groups.path(g).path("calls").isNumber()
        && groups.path(g).path("calls").asLong() == 0);
    return names;
  }
}
