package io.llmload.verdict;

/**
 * One pass/fail judgement (an SLO assertion or a regression-gate figure), rendered as one JUnit test
 * case. {@code observed} and {@code threshold} are optional (null when they do not apply) and only
 * used for display.
 *
 * @param name      what was checked, e.g. "overall TTFT p95"; becomes the test case name
 * @param passed    true when the check holds
 * @param message   one line saying why it passed or failed, with the numbers
 * @param observed  the measured figure, or null
 * @param threshold the limit it was held against, or null
 */
public record Check(String name, boolean passed, String message, Double observed, Double threshold) {
  public Check {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a check needs a name");
    }
    message = message == null ? "" : message;
  }

  public static Check pass(String name, String message, Double observed, Double threshold) {
    return new Check(name, true, message, observed, threshold);
  }

  public static Check fail(String name, String message, Double observed, Double threshold) {
    return new Check(name, false, message, observed, threshold);
  }
}
