package io.llmload.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which statistics groups a call belongs to, and the order groups are shown in. A call counts in
 * {@code overall}, in its scenario's group ({@code single} / {@code agent} / {@code conversation}), in
 * {@code agent_step_N} when its step N is above 0 ({@code turn_N} for a conversation's turn N), in its group tag (a sweep level such as {@code level_16}) when it has one,
 * and in {@code replica <url>} when llm.baseUrl listed several replicas.
 */
public final class CallGroups {
  public static final String OVERALL = "overall";
  public static final String SINGLE = "single";
  public static final String AGENT = "agent";
  /** The groups every summary lists first, in this order, even when empty. */
  public static final List<String> FIXED = List.of(OVERALL, SINGLE, AGENT);
  /** The scenario of conversation turns (workload.dataset.Conversations.SCENARIO). */
  public static final String CONVERSATION = "conversation";
  private static final String STEP_PREFIX = "agent_step_";
  private static final String TURN_PREFIX = "turn_";
  /** The group of the calls one replica served: this prefix, then the replica's root URL (llm-calls.csv {@code replica}). */
  public static final String REPLICA_PREFIX = "replica ";

  private CallGroups() {
  }

  /** The groups of one call, each once; {@code groupTag} may be null or empty (no tag). */
  public static List<String> groupsOf(String scenario, long step, String groupTag) {
    return groupsOf(scenario, step, groupTag, null);
  }

  /** The groups of one call, each once; {@code groupTag} and {@code replica} may be null or empty (none). */
  public static List<String> groupsOf(String scenario, long step, String groupTag, String replica) {
    List<String> groups = new ArrayList<>(5);
    groups.add(OVERALL);
    if (!groups.contains(scenario)) {
      groups.add(scenario);
    }
    if (step > 0) {
      groups.add((CONVERSATION.equals(scenario) ? TURN_PREFIX : STEP_PREFIX) + step);
    }
    if (groupTag != null && !groupTag.isEmpty() && !groups.contains(groupTag)) {
      groups.add(groupTag);
    }
    if (replica != null && !replica.isEmpty()) {
      groups.add(REPLICA_PREFIX + replica);
    }
    return groups;
  }

  /**
   * Display order: overall, single, agent, agent_step_N by N, conversation, turn_N by N, every other group by name, then
   * the replicas by name, where names that differ only in a trailing number sort by that number (level_4 before
   * level_16, replica http://h:8000 before replica http://h:10000).
   */
  public static final Comparator<String> ORDER = CallGroups::compare;

  private static int compare(String a, String b) {
    int ra = rank(a);
    int rb = rank(b);
    if (ra != rb) {
      return Integer.compare(ra, rb);
    }
    int da = digitsFrom(a);
    int db = digitsFrom(b);
    if (da < a.length() && db < b.length() && a.substring(0, da).equals(b.substring(0, db))) {
      String na = a.substring(da);
      String nb = b.substring(db);
      int byLength = Integer.compare(na.length(), nb.length()); // numeric order without overflow
      return byLength != 0 ? byLength : na.compareTo(nb);
    }
    return a.compareTo(b);
  }

  private static int rank(String g) {
    int i = FIXED.indexOf(g);
    if (i >= 0) {
      return i;
    }
    if (g.startsWith(STEP_PREFIX)) {
      return FIXED.size();
    }
    if (g.equals(CONVERSATION)) {
      return FIXED.size() + 1;
    }
    if (g.startsWith(REPLICA_PREFIX)) {
      return FIXED.size() + 4;
    }
    return g.startsWith(TURN_PREFIX) ? FIXED.size() + 2 : FIXED.size() + 3;
  }

  /** Where the name's trailing digits start (its length when it has none). */
  private static int digitsFrom(String g) {
    int i = g.length();
    while (i > 0 && Character.isDigit(g.charAt(i - 1))) {
      i--;
    }
    return i;
  }
}
