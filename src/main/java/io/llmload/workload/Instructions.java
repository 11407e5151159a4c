package io.llmload.workload;

/** The task text closing each prompt, as in the seed script. */
public final class Instructions {
  private static final String[] ROLES = {
      "Planner: outline a plan with sub-steps and required data.",
      "Retriever: synthesize relevant facts and cite imaginary sources.",
      "Reasoner: derive implications and edge cases.",
      "Synthesizer: merge findings into a coherent brief.",
      "Finalizer: produce an executive summary with recommendations."};

  private Instructions() {
  }

  public static String forCall(CallSpec spec, int steps) {
    if (spec.step() == 0) {
      return "\n\nTask: Provide a precise, structured summary with numbered sections and bullet points."
          + " Include risk drivers, controls, and scenario impacts where relevant.";
    }
    String role = ROLES[Math.min(spec.step(), ROLES.length) - 1];
    return "\n\nStep " + spec.step() + " / " + steps + " - " + role;
  }
}
