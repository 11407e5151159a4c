package io.llmload.matrix;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A server command written as one string, split into arguments the way a POSIX shell splits words (whitespace
 * between arguments; '…' keeps everything literally; "…" and a backslash escape), without running a shell: no
 * variables, globs, pipes or redirections. And the lookup of its program on PATH.
 */
public final class CommandLine {
  private CommandLine() {
  }

  /** The arguments of {@code command}; an unclosed quote is an {@link IllegalArgumentException}. */
  public static List<String> split(String command) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          cur.append(c);
        }
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else if (c == '\\' && i + 1 < command.length() && "\"\\$`".indexOf(command.charAt(i + 1)) >= 0) {
          cur.append(command.charAt(++i));
        } else {
          cur.append(c);
        }
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          out.add(cur.toString());
          cur.setLength(0);
          inWord = false;
        }
      } else {
        inWord = true;
        if (c == '\'' || c == '"') {
          quote = c;
        } else if (c == '\\' && i + 1 < command.length()) {
          cur.append(command.charAt(++i));
        } else {
          cur.append(c);
        }
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("the command has an unclosed " + quote + " quote");
    }
    if (inWord) {
      out.add(cur.toString());
    }
    return out;
  }

  /**
   * The command as it may be shown (console, reports): the value of an option whose name says it is a secret
   * ({@code --api-key sk-…}, {@code --token=…}, {@code --hf-token …}, password, secret) is
   * {@code [redacted]}, and
   * an argument with a space is quoted.
   */
  public static String shown(List<String> command) {
    StringBuilder sb = new StringBuilder();
    boolean hideNext = false;
    for (String a : command) {
      String shown = a;
      if (hideNext) {
        shown = io.llmload.config.Redaction.REDACTED;
        hideNext = false;
      } else if (a.startsWith("-") && SECRET.matcher(a).find()) {
        int eq = a.indexOf('=');
        if (eq > 0) {
          shown = a.substring(0, eq + 1) + io.llmload.config.Redaction.REDACTED;
        } else {
          hideNext = true;
        }
      }
      if (shown.isEmpty() || shown.chars().anyMatch(Character::isWhitespace)) {
        shown = "'" + shown.replace("'", "'\\''") + "'";
      }
      sb.append(sb.length() == 0 ? "" : " ").append(shown);
    }
    return sb.toString();
  }

  private static final java.util.regex.Pattern SECRET =
      java.util.regex.Pattern.compile("(?i)(key|token|secret|password|passwd)");

  /**
   * Where the program runs from: a name with a '/' is a path (relative to {@code workDir}); a bare name is
   * looked up on {@code path} (a PATH value). Empty when it is not an executable file.
   */
  public static Optional<Path> which(String program, String path, Path workDir) {
    if (program.contains("/")) {
      Path p = workDir.resolve(program);
      return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir).resolve(program);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
