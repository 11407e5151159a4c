package io.llmload.cli;

import io.llmload.matrix.MatrixSpec;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server the matrix started: its command run without a shell, stdout and stderr into one log file, and its stop:
 * the stop command, or the signal to the process and every process it started (ProcessHandle's descendants, taken
 * before the signal, since a child outliving its parent is no longer a descendant), then SIGKILL to whatever is
 * still alive after the grace time.
 */
final class ServerProcess {
  private final Process process;
  private final Path log;
  private final List<ProcessHandle> seen = new ArrayList<>();

  private ServerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static ServerProcess start(List<String> command, Map<String, String> env, Path log) throws IOException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    return new ServerProcess(pb.start(), log);
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  Integer exitCode() {
    return process.isAlive() ? null : process.exitValue();
  }

  Path log() {
    return log;
  }

  /** The process and its descendants now, and every one seen at an earlier call: the tree to stop. */
  synchronized List<ProcessHandle> tree() {
    List<ProcessHandle> now = new ArrayList<>();
    now.add(process.toHandle());
    process.descendants().forEach(now::add);
    for (ProcessHandle h : now) {
      if (seen.stream().noneMatch(s -> s.pid() == h.pid())) {
        seen.add(h);
      }
    }
    return List.copyOf(seen);
  }

  /**
   * Stops the server and every process it started; returns what was done, e.g. "SIGTERM to 3 processes; all
   * exited in 1.2 s" or "... 1 killed after 30 s".
   */
  String stop(MatrixSpec.Stop stop, Map<String, String> env, int port) {
    List<ProcessHandle> tree = tree();
    long t0 = System.nanoTime();
    StringBuilder what = new StringBuilder();
    if (stop.command() != null) {
      List<String> cmd = stop.command().stream().map(a -> io.llmload.matrix.Template.withPort(a, port)).toList();
      what.append("stop command");
      try {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor((long) Math.ceil(stop.graceS()) + 1, TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
          what.append(" (did not finish in time; killed)");
        } else {
          what.append(" (exit ").append(p.exitValue()).append(')');
        }
      } catch (IOException e) {
        what.append(" failed: ").append(e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else if (stop.signal().equals("KILL")) {
      tree.forEach(ProcessHandle::destroyForcibly);
      what.append("SIGKILL to ").append(tree.size()).append(tree.size() == 1 ? " process" : " processes");
    } else {
      tree.forEach(ProcessHandle::destroy);
      what.append("SIGTERM to ").append(tree.size()).append(tree.size() == 1 ? " process" : " processes");
    }
    List<ProcessHandle> left = awaitExit(tree(), stop.graceS());
    if (left.isEmpty()) {
      return what + String.format(java.util.Locale.ROOT, "; all exited in %.1f s", (System.nanoTime() - t0) / 1e9);
    }
    List<ProcessHandle> all = tree().stream().filter(ProcessHandle::isAlive).toList();
    all.forEach(ProcessHandle::destroyForcibly);
    List<ProcessHandle> still = awaitExit(all, 10);
    return what + "; " + all.size() + " still running after " + io.llmload.metrics.Numbers.plain(stop.graceS())
        + " s, killed (SIGKILL)" + (still.isEmpty() ? "" : "; " + still.size() + " could not be killed: pid "
        + String.join(", ", still.stream().map(h -> Long.toString(h.pid())).toList()));
  }

  /** Waits up to {@code seconds} for every process to end; returns those still alive. */
  private static List<ProcessHandle> awaitExit(List<ProcessHandle> handles, double seconds) {
    try {
      CompletableFuture.allOf(handles.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
          .get((long) (seconds * 1000), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // those still alive are returned
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return handles.stream().filter(ProcessHandle::isAlive).toList();
  }

  /** The last {@code lines} lines of a log file (at most its last 64 KB), "" when there is none. */
  static String tail(Path file, int lines) {
    if (file == null || !Files.isRegularFile(file)) {
      return "";
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long len = f.length();
      long from = Math.max(0, len - 64 * 1024);
      byte[] buf = new byte[(int) (len - from)];
      f.seek(from);
      f.readFully(buf);
      List<String> all = new String(buf, StandardCharsets.UTF_8).lines().toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }

  /** Environment of a configuration with {@code {port}} filled. */
  static Map<String, String> env(Map<String, String> env, int port) {
    Map<String, String> out = new LinkedHashMap<>();
    env.forEach((k, v) -> out.put(k, io.llmload.matrix.Template.withPort(v, port)));
    return out;
  }
}
