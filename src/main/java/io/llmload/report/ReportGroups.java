package io.llmload.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Display order of summary groups: overall, single, agent, agent_step_1…n, then any other (level_4 < level_16). */
final class ReportGroups {
  private static final List<String> FIRST = List.of("overall", "single", "agent");
  private static final Pattern NAME_NUMBER = Pattern.compile("^(.*?)(\\d+)$");

  private ReportGroups() {
  }

  static List<String> ordered(JsonNode groups) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = groups.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    names.sort(ORDER);
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

  static final Comparator<String> ORDER = (a, b) -> {
    int ra = rank(a);
    int rb = rank(b);
    if (ra != rb) {
      return Integer.compare(ra, rb);
    }
    Matcher ma = NAME_NUMBER.matcher(a);
    Matcher mb = NAME_NUMBER.matcher(b);
    if (ma.matches() && mb.matches() && ma.group(1).equals(mb.group(1))) {
      String na = ma.group(2);
      String nb = mb.group(2);
      int byLength = Integer.compare(na.length(), nb.length()); // numeric order without overflow
      return byLength != 0 ? byLength : na.compareTo(nb);
    }
    return a.compareTo(b);
  };

  private static int rank(String g) {
    int i = FIRST.indexOf(g);
    if (i >= 0) {
      return i;
    }
    return g.startsWith("agent_step_") ? 3 : 4;
  }
}
