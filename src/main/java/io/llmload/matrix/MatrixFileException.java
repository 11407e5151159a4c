package io.llmload.matrix;

import java.nio.file.Path;
import java.util.List;

/** A matrix file that cannot be run: every problem found, each naming its line, before anything starts. */
public final class MatrixFileException extends RuntimeException {
  private final List<String> problems;

  public MatrixFileException(Path file, List<String> problems) {
    super("matrix file " + file + " has " + (problems.size() == 1 ? "a problem" : problems.size() + " problems")
        + "; nothing was started:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem, "line N: …". */
  public List<String> problems() {
    return problems;
  }
}
