package io.llmload.compare;

/** An archived run folder that cannot be read; the message names the folder, the file and what is wrong. */
public class RunDataException extends RuntimeException {
  public RunDataException(String message) {
    super(message);
  }

  public RunDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
