package io.llmload.matrix;

import java.util.List;
import java.util.Map;

/**
 * One entry of the matrix file's {@code configurations} as written, before its grid is expanded, with the line of
 * each part so that a problem can be named where it is.
 *
 * @param command null for a server already running
 * @param baseUrl null when not given (a command then needs {@code {port}})
 * @param grid    parameter → values, in file order; empty without a grid
 * @param lines   the line of each part: "entry", "label", "command", "baseUrl", "grid", "grid.&lt;name&gt;",
 *                "env.&lt;name&gt;", "properties.&lt;key&gt;"
 */
public record ConfigTemplate(String label, List<String> command, String baseUrl, Map<String, String> env,
                             Map<String, String> properties, Map<String, List<String>> grid, boolean gridGiven,
                             Map<String, Integer> lines) {

  /** The line of a part, else of the entry. */
  public int line(String part) {
    Integer l = lines.get(part);
    return l != null ? l : lines.getOrDefault("entry", 0);
  }
}
