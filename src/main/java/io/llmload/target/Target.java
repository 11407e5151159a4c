package io.llmload.target;

import io.llmload.config.LlmConfig;
import io.llmload.sim.SimConfig;
import io.llmload.sim.VllmSimulator;

/**
 * The server under test: the one at llm.baseUrl, or, when none is given, the embedded vLLM simulator
 * started on a free loopback port for the duration of the run.
 */
public final class Target implements AutoCloseable {
  private final String baseUrl;
  private final VllmSimulator simulator;
  private final String simulatorDescription;

  private Target(String baseUrl, VllmSimulator simulator, String simulatorDescription) {
    this.baseUrl = baseUrl;
    this.simulator = simulator;
    this.simulatorDescription = simulatorDescription;
  }

  public static Target start(LlmConfig config) {
    if (!config.useSimulator()) {
      return new Target(config.baseUrl(), null, null);
    }
    SimConfig sim = SimConfig.fromSystemProperties();
    SimConfig onFreePort = sim.toBuilder().port(0).build();
    VllmSimulator simulator = VllmSimulator.start(onFreePort);
    return new Target(simulator.baseUrl(), simulator, onFreePort.describe());
  }

  public String baseUrl() {
    return baseUrl;
  }

  public boolean isSimulator() {
    return simulator != null;
  }

  public VllmSimulator simulator() {
    return simulator;
  }

  /** "simulator (batching, profile …)" or "external". */
  public String kind() {
    return simulator == null ? "external" : "simulator";
  }

  public String simulatorDescription() {
    return simulatorDescription;
  }

  @Override
  public void close() {
    if (simulator != null) {
      simulator.close();
    }
  }
}
