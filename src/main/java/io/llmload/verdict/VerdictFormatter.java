package io.llmload.verdict;

import java.util.List;

/** Builds the one human-readable message that names every failed check (console, exception, Jenkins). */
public final class VerdictFormatter {
  private VerdictFormatter() {
  }

  public static List<Check> failed(List<Check> checks) {
    return checks.stream().filter(c -> !c.passed()).toList();
  }

  /**
   * "title: 2 of 7 checks failed" followed by one indented line per failed check, or
   * "title: all 7 checks passed" when none failed.
   */
  public static String describe(String title, List<Check> checks) {
    List<Check> failed = failed(checks);
    StringBuilder sb = new StringBuilder(title);
    if (failed.isEmpty()) {
      sb.append(": all ").append(checks.size()).append(checks.size() == 1 ? " check passed" : " checks passed");
      return sb.toString();
    }
    sb.append(": ").append(failed.size()).append(" of ").append(checks.size())
        .append(checks.size() == 1 ? " check failed" : " checks failed");
    for (Check c : failed) {
      sb.append(System.lineSeparator()).append("  - ").append(c.name());
      if (!c.message().isEmpty()) {
        sb.append(": ").append(c.message().replace("\n", " "));
      }
    }
    return sb.toString();
  }
}
