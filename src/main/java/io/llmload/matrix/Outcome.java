package io.llmload.matrix;

import java.nio.file.Path;
import java.util.List;

/**
 * What happened to one configuration of a matrix.
 *
 * @param baseUrl      the server root the run used ({@code {port}} filled), null when it never got one
 * @param readySeconds seconds from the start of the server to its readiness, null when not started by the matrix
 *                     or not ready
 * @param problem      why the configuration has no usable run, or a note on its run; null when none
 * @param logTail      the last lines of the server's (or the run's) log when it failed, else null
 * @param runDir       the run folder, null when there is no run
 * @param serverLog    the server's log file, null when the matrix did not start the server
 * @param runExit      the run's exit code (0 ok, 2 a broken assertion or a failed step of its end), null without a run
 * @param serverPids   the server's process and every process it was seen to start, empty when not started
 * @param stopped      how the server was stopped ("SIGTERM to 2 processes; all exited in 1.1 s"), null when not
 */
public record Outcome(ServerConfig config, Status status, String baseUrl, Double readySeconds, String problem,
                      String logTail, Path runDir, Path serverLog, Integer runExit, List<Long> serverPids,
                      String stopped) {

  /** How far a configuration got. */
  public enum Status {
    /** the run finished and left its run folder */
    RAN,
    /** the server exited, or was not ready within the readiness timeout: no run */
    START_FAILED,
    /** the server was ready but the run left no run folder (crashed, timed out) */
    RUN_FAILED
  }

  public String label() {
    return config.label();
  }

  public boolean hasRun() {
    return runDir != null;
  }
}
