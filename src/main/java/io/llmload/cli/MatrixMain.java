package io.llmload.cli;

import io.gatling.shared.cli.GatlingCliOptions;
import io.llmload.compare.GroupComparator;
import io.llmload.config.ConfigException;
import io.llmload.config.Redaction;
import io.llmload.config.Settings;
import io.llmload.matrix.CommandLine;
import io.llmload.matrix.MatrixAnalysis;
import io.llmload.matrix.MatrixFile;
import io.llmload.matrix.MatrixFileException;
import io.llmload.matrix.MatrixSpec;
import io.llmload.matrix.Outcome;
import io.llmload.matrix.ServerConfig;
import io.llmload.matrix.Template;
import io.llmload.report.MatrixReport;
import io.llmload.report.RunArchive;
import io.llmload.run.RunFiles;
import io.llmload.run.RunFolderName;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The server matrix: {@code ./mvnw -q test-compile exec:java@matrix -Dllm.matrix=matrix.yaml}. For each
 * configuration of the file in turn: start its server (or take the running one), wait until it is ready, run the
 * simulation against it in a JVM of its own (as {@code ./mvnw gatling:test} would: every configuration measured by
 * a fresh client, and the run archived as usual), stop the server and every process it started, and keep its log in
 * the run folder. A configuration that fails to start is reported with its log's tail and the matrix goes on. Then
 * one report for the matrix (docs/matrix.md).
 *
 * <p>Exit codes: 0 every configuration ran; 1 some configuration failed to start or to run (reported); 2 bad input
 * (the matrix file or a setting; nothing was started).
 */
public final class MatrixMain {
  public static final int OK = 0;
  public static final int SOME_FAILED = 1;
  public static final int BAD_INPUT = 2;
  static final String GATLING_MAIN = "io.gatling.app.Gatling";
  private static final int TAIL_LINES = 40;

  /** The server being run and the run's JVM, stopped by the shutdown hook when the matrix is interrupted. */
  private static volatile ServerProcess currentServer;
  private static volatile Process currentRun;

  private MatrixMain() {
  }

  public static void main(String[] args) {
    Map<String, String> props = new TreeMap<>();
    System.getProperties().forEach((k, v) -> props.put(String.valueOf(k), String.valueOf(v)));
    Runtime.getRuntime().addShutdownHook(new Thread(MatrixMain::stopCurrent, "matrix-stop"));
    int code = run(props, System.getenv(), System.out, System.err);
    if (code != OK) {
      System.exit(code);
    }
  }

  /** Everything but the exit, over these -D properties and this environment: returns the exit code. */
  public static int run(Map<String, String> props, Map<String, String> env, PrintStream out, PrintStream err) {
    Settings settings = new Settings(props, env);
    MatrixSpec spec;
    try {
      settings.check();
      String file = settings.string("llm.matrix", null);
      if (file == null) {
        err.println("matrix: no matrix file; set -Dllm.matrix=matrix.yaml (docs/matrix.md)");
        return BAD_INPUT;
      }
      spec = MatrixFile.read(Path.of(file), MatrixFile.Environment.system(Path.of("").toAbsolutePath()));
    } catch (MatrixFileException | ConfigException | IllegalArgumentException e) {
      err.println("matrix: " + e.getMessage());
      return BAD_INPUT;
    }
    if (settings.bool("llm.matrix.dryRun", false)) {
      out.print(plan(spec));
      return OK;
    }
    Path reportsRoot = Path.of(settings.string("llm.reportsDir", "reports"));
    Instant started = Instant.now();
    Path outDir = RunFolderName.create(reportsRoot, started, "matrix-" + spec.name());
    Path workRoot = Path.of(settings.string("llm.outputDir", "target/llm-runs")).resolve(outDir.getFileName());
    Path gatlingResults = Path.of(settings.string("llm.gatlingResultsDir", "target/gatling"));
    String apiKey = settings.secret("llm.apiKey", "OPENAI_API_KEY");
    out.println("matrix " + spec.name() + ": " + spec.configurations().size() + " configurations, simulation "
        + spec.simulation() + "; folder " + outDir);
    List<Outcome> outcomes = new ArrayList<>();
    for (ServerConfig c : spec.configurations()) {
      Outcome o = runOne(spec, c, props, env, apiKey, outDir, workRoot.resolve(c.label()), gatlingResults, out);
      outcomes.add(o);
      out.println("[" + c.label() + "] " + switch (o.status()) {
        case RAN -> "ran: " + outDir.relativize(o.runDir()) + (o.problem() == null ? "" : " (" + o.problem() + ")");
        case START_FAILED -> "FAILED TO START: " + o.problem();
        case RUN_FAILED -> "RUN FAILED: " + o.problem();
      } + (o.stopped() == null ? "" : "; stopped: " + o.stopped()));
      if (o.status() != Outcome.Status.RAN && o.logTail() != null && !o.logTail().isBlank()) {
        out.println("[" + c.label() + "] last lines of its log:\n" + o.logTail().indent(4));
      }
    }
    int resamples = (int) settings.integer("compare.resamples", GroupComparator.DEFAULT_RESAMPLES, 100, 1_000_000);
    long seed = settings.integer("compare.seed", GroupComparator.DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
    MatrixAnalysis analysis = MatrixAnalysis.of(spec, outcomes, started, Instant.now(), outDir,
        new GroupComparator(resamples, seed));
    try {
      MatrixReport.Written written = MatrixReport.write(analysis);
      RunArchive.writeIndex(reportsRoot);
      out.print(MatrixReport.markdown(analysis));
      out.println("matrix report: " + written.html().toAbsolutePath());
      out.println("matrix JSON:   " + written.json().toAbsolutePath());
    } catch (UncheckedIOException e) {
      err.println("matrix: cannot write the matrix report: " + e.getMessage());
      return SOME_FAILED;
    }
    return outcomes.stream().allMatch(o -> o.status() == Outcome.Status.RAN) ? OK : SOME_FAILED;
  }

  /** The expanded configurations, for llm.matrix.dryRun. */
  static String plan(MatrixSpec spec) {
    StringBuilder sb = new StringBuilder("matrix " + spec.name() + " (dry run: nothing started), simulation "
        + spec.simulation() + ", baseline " + spec.baseline() + "\n");
    for (ServerConfig c : spec.configurations()) {
      sb.append("  ").append(c.label()).append(" (line ").append(c.line()).append("): ")
          .append(c.launched() ? CommandLine.shown(c.command()) + " -> " : "running at ")
          .append(Redaction.url(c.baseUrl())).append(c.properties().isEmpty() ? "" : " " + c.properties())
          .append('\n');
    }
    return sb.toString();
  }

  private static Outcome runOne(MatrixSpec spec, ServerConfig c, Map<String, String> props, Map<String, String> env,
                                String apiKey, Path outDir, Path workDir, Path gatlingResults, PrintStream out) {
    int port = c.usesPort() ? freePort() : 0;
    String baseUrl = trimBaseUrl(Template.withPort(c.baseUrl(), port));
    Path logs = outDir.resolve("logs");
    Path serverLog = c.launched() ? logs.resolve(c.label() + ".server.log") : null;
    ServerProcess server = null;
    List<Long> pids = List.of();
    String stopped = null;
    Map<String, String> serverEnv = ServerProcess.env(c.env(), port);
    try {
      if (c.launched()) {
        List<String> cmd = c.command().stream().map(a -> Template.withPort(a, port)).toList();
        out.println("[" + c.label() + "] starting: " + CommandLine.shown(cmd));
        try {
          server = ServerProcess.start(cmd, serverEnv, serverLog);
        } catch (IOException e) {
          return new Outcome(c, Outcome.Status.START_FAILED, baseUrl, null, "cannot start " + cmd.get(0) + ": "
              + e.getMessage(), ServerProcess.tail(serverLog, TAIL_LINES), null, serverLog, null, pids, null);
        }
        currentServer = server;
      }
      long t0 = System.nanoTime();
      ServerProcess s = server;
      String notReady = ServerReadiness.await(baseUrl, apiKey, spec.readiness(), s == null ? () -> true : s::alive);
      Double readyS = server == null ? null : (System.nanoTime() - t0) / 1e9;
      if (notReady != null) {
        if (server != null) {
          pids = pids(server);
          stopped = server.stop(spec.stop(), serverEnv, port);
          Integer exit = server.exitCode();
          notReady += exit == null ? "" : "; exit code " + exit;
        }
        return new Outcome(c, Outcome.Status.START_FAILED, baseUrl, null, notReady,
            serverLog == null ? null : ServerProcess.tail(serverLog, TAIL_LINES), null, serverLog, null, pids, stopped);
      }
      out.println("[" + c.label() + "] ready at " + Redaction.url(baseUrl) + (readyS == null ? ""
          : String.format(java.util.Locale.ROOT, " after %.1f s", readyS)) + "; running " + spec.simulation());
      Path runLog = logs.resolve(c.label() + ".run.log");
      RunResult run = runSimulation(spec, c, props, env, apiKey, baseUrl, outDir, workDir, gatlingResults, runLog);
      String died = server != null && !server.alive() ? "the server process exited during the run (exit code "
          + server.exitCode() + ")" : null;
      if (server != null) {
        pids = pids(server);
        stopped = server.stop(spec.stop(), serverEnv, port);
      }
      if (run.runDir() == null) {
        return new Outcome(c, Outcome.Status.RUN_FAILED, baseUrl, readyS, died == null ? run.problem()
            : died + "; " + run.problem(),
            ServerProcess.tail(runLog, TAIL_LINES), null, serverLog, run.exit(), pids, stopped);
      }
      Path keptLog = serverLog;
      if (serverLog != null && Files.isRegularFile(serverLog)) {
        keptLog = run.runDir().resolve(RunFiles.SERVER_LOG);
        Files.move(serverLog, keptLog, StandardCopyOption.REPLACE_EXISTING);
      }
      String note = run.exit() == 0 ? null : "the run's exit code was " + run.exit()
          + " (a broken assertion or a failed step of its end; see " + outDir.relativize(runLog) + ")";
      if (died != null) {
        note = note == null ? died : died + "; " + note;
      }
      return new Outcome(c, Outcome.Status.RAN, baseUrl, readyS, note, null, run.runDir(), keptLog, run.exit(), pids,
          stopped);
    } catch (IOException e) {
      return new Outcome(c, Outcome.Status.RUN_FAILED, baseUrl, null, e.toString(), null, null, serverLog, null, pids,
          stopped);
    } finally {
      if (server != null && server.alive()) {
        server.stop(spec.stop(), serverEnv, port);
      }
      currentServer = null;
    }
  }

  private static List<Long> pids(ServerProcess server) {
    return server.tree().stream().map(ProcessHandle::pid).toList();
  }

  /** The run's exit code and its run folder (null when it left none) or why not. */
  record RunResult(Integer exit, Path runDir, String problem) {
  }

  /**
   * Runs the simulation in a JVM of its own on this JVM's classpath, as the Gatling plugin does, with the matrix's
   * settings: the user's -D llm.* settings, then the matrix file's, then the configuration's, then what the matrix
   * sets (base URL, label, folders). The API key goes through the environment, never the command line.
   */
  static RunResult runSimulation(MatrixSpec spec, ServerConfig c, Map<String, String> props, Map<String, String> env,
                                 String apiKey, String baseUrl, Path outDir, Path workDir, Path gatlingResults,
                                 Path runLog) throws IOException {
    Map<String, String> runProps = new LinkedHashMap<>();
    props.forEach((k, v) -> {
      if (k.startsWith("llm.") && !k.startsWith("llm.matrix") && !k.equals("llm.apiKey")) {
        runProps.put(k, v);
      }
    });
    runProps.putAll(spec.properties());
    runProps.putAll(spec.slo());
    if (spec.warmupCalls() != null) {
      runProps.put("llm.warmupCalls", spec.warmupCalls().toString());
    }
    runProps.putAll(c.properties());
    runProps.put("llm.baseUrl", baseUrl);
    runProps.put("llm.label", c.label());
    runProps.put("llm.outputDir", workDir.toAbsolutePath().toString());
    runProps.put("llm.reportsDir", outDir.toAbsolutePath().toString());
    runProps.put("llm.gatlingResultsDir", gatlingResults.toAbsolutePath().toString());
    runProps.put("llm.archive", "true");
    List<String> cmd = new ArrayList<>(List.of(JavaClasspath.java(), "-Xmx1g",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "-cp", JavaClasspath.current()));
    runProps.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.addAll(List.of(GATLING_MAIN, "--" + GatlingCliOptions.Simulation.longName, spec.simulation(),
        "--" + GatlingCliOptions.ResultsFolder.longName, gatlingResults.toAbsolutePath().toString()));
    Files.createDirectories(runLog.toAbsolutePath().getParent());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(runLog.toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("LLM_MATRIX"));
    if (apiKey != null) {
      pb.environment().put("LLM_API_KEY", apiKey);
    }
    Process p = pb.start();
    currentRun = p;
    try {
      if (!p.waitFor(spec.runTimeoutS(), TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        return new RunResult(null, null, "the run did not end within runTimeoutSeconds=" + spec.runTimeoutS()
            + "; killed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return new RunResult(null, null, "interrupted");
    } finally {
      currentRun = null;
    }
    int exit = p.exitValue();
    Path runDir = runFolder(workDir, outDir);
    return new RunResult(exit, runDir, runDir == null ? "the run left no run folder (exit code " + exit + ")" : null);
  }

  /**
   * The run's folder: its archived copy in the matrix folder (the same name as the folder the run wrote under
   * llm.outputDir), else that folder itself when it was not archived; null when the run wrote none.
   */
  static Path runFolder(Path workDir, Path outDir) throws IOException {
    if (!Files.isDirectory(workDir)) {
      return null;
    }
    List<Path> written;
    try (Stream<Path> dirs = Files.list(workDir)) {
      written = dirs.filter(d -> Files.isRegularFile(d.resolve(RunFiles.SUMMARY))).sorted().toList();
    }
    if (written.isEmpty()) {
      return null;
    }
    Path newest = written.get(written.size() - 1);
    Path archived = outDir.resolve(newest.getFileName().toString());
    return Files.isRegularFile(archived.resolve(RunFiles.SUMMARY)) ? archived : newest;
  }

  /** A free TCP port on the loopback interface (free now; the server binds it moments later). */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on the loopback interface", e);
    }
  }

  private static String trimBaseUrl(String url) {
    String u = url.trim();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    return u.endsWith("/v1") ? u.substring(0, u.length() - 3) : u;
  }

  /** Stops the run's JVM and the server being run (Ctrl-C on the matrix). */
  private static void stopCurrent() {
    Process run = currentRun;
    if (run != null) {
      run.descendants().forEach(ProcessHandle::destroyForcibly);
      run.destroyForcibly();
    }
    ServerProcess server = currentServer;
    if (server != null) {
      server.tree().forEach(ProcessHandle::destroyForcibly);
    }
  }
}
