package io.llmload.workload.trace;

import java.util.List;

/**
 * A trace file that cannot be replayed: missing, of an unknown or undetectable format, or with bad records.
 * The message names the file and, for each bad record (up to {@link TraceReader#MAX_ERRORS}), its line and
 * field; {@link #errors()} lists them one by one.
 */
public final class TraceFormatException extends IllegalArgumentException {
  private final List<String> errors;

  TraceFormatException(String message, List<String> errors) {
    super(message);
    this.errors = List.copyOf(errors);
  }

  TraceFormatException(String message) {
    this(message, List.of(message));
  }

  /** One entry per problem found, each naming the file, line and field. */
  public List<String> errors() {
    return errors;
  }
}
