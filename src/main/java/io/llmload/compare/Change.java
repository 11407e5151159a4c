package io.llmload.compare;

/** The verdict on one figure. */
public enum Change {
  BETTER("better"),
  WORSE("worse"),
  NO_SIGNIFICANT_CHANGE("no significant change"),
  INSUFFICIENT_DATA("insufficient data");

  private final String text;

  Change(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }
}
