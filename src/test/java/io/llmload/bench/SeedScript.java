package io.llmload.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The project's original Python load tester ("the seed"), taken at run time from the Markdown it was delivered
 * in (never copied into this repository), with the one-line fix it needs against vLLM: the seed asks for
 * {@code stream_options.include_usage}, and vLLM then ends the stream with a usage chunk whose
 * {@code choices} is an empty list, on which {@code data.get("choices", [{}])[0]} raises IndexError, so every
 * call fails. The fix keeps the seed's intent (a missing or empty list reads as one empty choice).
 */
final class SeedScript {
  /** The line in the Markdown just before the script. */
  static final String START_MARKER = "llm_loadtest.py";
  /** The line in the Markdown just after the script. */
  static final String END_MARKER = "Usage";
  static final String BROKEN_LINE = "choice = data.get(\"choices\", [{}])[0]";
  static final String FIXED_LINE = "choice = (data.get(\"choices\") or [{}])[0]";

  private SeedScript() {
  }

  /** The Python script between the line {@value #START_MARKER} and the line {@value #END_MARKER}. */
  static String extract(String markdown) {
    List<String> lines = markdown.lines().toList();
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(START_MARKER)) {
        start = i + 1;
        break;
      }
    }
    if (start < 0) {
      throw new IllegalStateException("the seed Markdown has no line '" + START_MARKER + "' before the script");
    }
    int end = -1;
    for (int i = start; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(END_MARKER)) {
        end = i;
        break;
      }
    }
    if (end < 0) {
      throw new IllegalStateException("the seed Markdown has no line '" + END_MARKER + "' after the script");
    }
    String script = String.join("\n", lines.subList(start, end)).strip() + "\n";
    if (!script.startsWith("#!") && !script.contains("import ")) {
      throw new IllegalStateException("the text between '" + START_MARKER + "' and '" + END_MARKER + "' is not a Python script");
    }
    return script;
  }

  /** The script with the usage-chunk fix; fails when the line to fix is not there exactly once. */
  static String patch(String script) {
    int at = script.indexOf(BROKEN_LINE);
    if (at < 0) {
      throw new IllegalStateException("cannot apply the usage-chunk fix: the seed script has no line '" + BROKEN_LINE
          + "' (has the seed changed? check the script, then SeedScript.BROKEN_LINE)");
    }
    if (script.indexOf(BROKEN_LINE, at + 1) >= 0) {
      throw new IllegalStateException("cannot apply the usage-chunk fix: '" + BROKEN_LINE + "' occurs more than once in the seed script");
    }
    return script.substring(0, at) + FIXED_LINE + script.substring(at + BROKEN_LINE.length());
  }

  /** Reads the Markdown, extracts and patches the script and writes it to {@code out}. */
  static Path write(Path markdown, Path out) {
    if (!Files.isRegularFile(markdown)) {
      throw new IllegalStateException("the seed file " + markdown.toAbsolutePath().normalize()
          + " does not exist; point -Dbench.seedFile at llm_loadtest_seed.md");
    }
    try {
      String patched = patch(extract(Files.readString(markdown, StandardCharsets.UTF_8)));
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, patched, StandardCharsets.UTF_8);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A runner that runs the script as {@code __main__} in its own process with the given argv and then
   * writes the process's user + system CPU seconds (getrusage(RUSAGE_SELF)) to the file named by its first
   * argument; the second is the script, the rest are the script's arguments.
   */
  static String runner() {
    return """
        import resource, runpy, sys
        cpu_file, script = sys.argv[1], sys.argv[2]
        sys.argv = [script] + sys.argv[3:]
        try:
            runpy.run_path(script, run_name="__main__")
        finally:
            r = resource.getrusage(resource.RUSAGE_SELF)
            with open(cpu_file, "w") as f:
                f.write("%.3f\\n" % (r.ru_utime + r.ru_stime))
        """;
  }
}
