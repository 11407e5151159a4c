package io.llmload.pipeline;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command run from the project folder (./mvnw, scripts/ci-compare.sh) with stdout and stderr in one log
 * file and a time limit: on timeout its whole process tree (Maven, the JVMs it forked) is killed.
 */
final class Subprocess {
  private Subprocess() {
  }

  record Result(int exit, String log) {
    String tail() {
      return log.length() > 6000 ? log.substring(log.length() - 6000) : log;
    }
  }

  static Result run(List<String> command, Path tmp, long timeoutSeconds) throws Exception {
    Path log = Files.createTempFile(tmp, "subprocess-", ".log");
    ProcessBuilder pb = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    // nothing from the developer's shell may steer the runs (or carry a key into them)
    pb.environment().keySet().removeIf(k -> k.startsWith("LLM_") || k.equals("OPENAI_API_KEY"));
    Process p = pb.start();
    boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!done) {
      killTree(p);
      throw new AssertionError(String.join(" ", command.subList(0, Math.min(2, command.size()))) + " did not finish in "
          + timeoutSeconds + " s; killed. Log:\n" + new Result(-1, Files.readString(log, StandardCharsets.UTF_8)).tail());
    }
    return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /** Kills the process and every descendant (children first, so none is re-parented and lost). */
  private static void killTree(Process p) throws InterruptedException {
    List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
    tree.forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    p.waitFor(10, TimeUnit.SECONDS);
  }
}
