package io.llmload.matrix;

import java.util.List;
import java.util.Map;

/**
 * One configuration of the matrix after its grid is expanded: a label, and either a command that starts the server
 * (with {@code baseUrl} where it will answer) or only the base URL of a server already running.
 *
 * @param line       the matrix file's line of the configuration's entry
 * @param command    the server command as separate arguments (no shell), still holding {@code {port}} when it
 *                   uses one; null for a server already running
 * @param baseUrl    the server root, possibly with {@code {port}}
 * @param env        environment variables added to the server command's (values may hold {@code {port}})
 * @param properties llm.* settings of this configuration's run (over the matrix-wide ones)
 * @param parameters the grid values this configuration was expanded with, in grid order (empty without a grid)
 */
public record ServerConfig(String label, int line, List<String> command, String baseUrl, Map<String, String> env,
                           Map<String, String> properties, Map<String, String> parameters) {

  /** True when the matrix starts and stops this server. */
  public boolean launched() {
    return command != null;
  }

  /** True when the command, base URL or environment asks for a free port. */
  public boolean usesPort() {
    String all = String.join(" ", command == null ? List.of() : command) + " " + baseUrl + " "
        + String.join(" ", env.values());
    return Template.names(all).contains(Template.PORT);
  }
}
