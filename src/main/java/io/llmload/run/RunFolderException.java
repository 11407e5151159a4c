package io.llmload.run;

/** A run folder, or one of its files, that cannot be read; the message names the folder or file and what is wrong. */
public class RunFolderException extends RuntimeException {
  public RunFolderException(String message) {
    super(message);
  }

  public RunFolderException(String message, Throwable cause) {
    super(message, cause);
  }
}
