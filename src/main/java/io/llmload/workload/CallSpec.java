package io.llmload.workload;

/**
 * What one call is, decided before it is sent.
 *
 * @param scenario  "single" for a heavy call, "agent" for an agent step
 * @param step      0 for a single call, 1..n for agent steps
 * @param stepName  "heavy", or the agent step's name ("plan", "retrieve", …)
 * @param groupTag  an extra statistics group (a sweep level such as "level_16"), or null
 */
public record CallSpec(
    long callId,
    String scenario,
    long user,
    int step,
    String stepName,
    String groupTag,
    int inputTokens,
    int requestedOutputTokens) {

  public static final String SINGLE = "single";
  public static final String AGENT = "agent";

  /** The name used in Gatling's report: "heavy" or "agent 3 reason". */
  public String displayName() {
    return step == 0 ? stepName : "agent " + step + " " + stepName;
  }
}
