package io.llmload.servermetrics;

/** A /metrics body that is not valid Prometheus text format; names the 1-based line that broke. */
public final class MetricsParseException extends Exception {
  private final int lineNumber;

  public MetricsParseException(int lineNumber, String message) {
    super("line " + lineNumber + ": " + message);
    this.lineNumber = lineNumber;
  }

  public int lineNumber() {
    return lineNumber;
  }
}
