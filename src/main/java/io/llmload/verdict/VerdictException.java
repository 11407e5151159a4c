package io.llmload.verdict;

import java.util.List;

/** Thrown when at least one check failed; the message names every failed check (see {@link VerdictFormatter}). */
public class VerdictException extends RuntimeException {
  private final transient List<Check> failed;

  public VerdictException(String title, List<Check> checks) {
    super(VerdictFormatter.describe(title, checks));
    this.failed = VerdictFormatter.failed(checks);
  }

  public List<Check> failedChecks() {
    return failed;
  }

  /** Throws when any check failed; returns quietly otherwise. */
  public static void throwIfAnyFailed(String title, List<Check> checks) {
    if (checks.stream().anyMatch(c -> !c.passed())) {
      throw new VerdictException(title, checks);
    }
  }
}
