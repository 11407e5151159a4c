package io.llmload.matrix;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A server matrix as read and checked from its file ({@link MatrixFile}): what to run against each configuration
 * and how to start, check and stop the servers.
 *
 * @param simulation    the simulation class to run (fully qualified)
 * @param baseline      the label of the configuration the others are compared with
 * @param properties    llm.* settings of every run
 * @param slo           the llm.slo.* settings of every run (full keys), empty without SLOs
 * @param maxErrorRate  a configuration meets the SLOs only with at most this error rate (fraction)
 * @param warmupCalls   llm.warmupCalls of every run, null to keep the run's own setting
 * @param runTimeoutS   the longest a run may take before it is stopped and reported
 */
public record MatrixSpec(Path file, String name, String simulation, String baseline, Map<String, String> properties,
                         Map<String, String> slo, double maxErrorRate, Readiness readiness, Stop stop,
                         Integer warmupCalls, long runTimeoutS, List<ServerConfig> configurations) {

  /**
   * When a server counts as ready: GET /health answers 200, then GET /v1/models answers 200, both within
   * {@code timeoutS} of the start; polled every {@code intervalMs}.
   */
  public record Readiness(double timeoutS, long intervalMs) {
  }

  /**
   * How a started server is stopped: the stop command when given (run once, no shell), else the signal ({@code TERM}
   * or {@code KILL}) to the server process and every process it started; whatever is left after {@code graceS} is
   * killed.
   */
  public record Stop(List<String> command, String signal, double graceS) {
  }

  /** The configuration labelled {@code label}, or null. */
  public ServerConfig configuration(String label) {
    return configurations.stream().filter(c -> c.label().equals(label)).findFirst().orElse(null);
  }

  /** True when the simulation is the capacity sweep. */
  public boolean isSweep() {
    return simulation.endsWith(".CapacitySweepSimulation");
  }
}
