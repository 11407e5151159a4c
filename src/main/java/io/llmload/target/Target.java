package io.llmload.target;

import io.llmload.config.LlmConfig;
import io.llmload.sim.SimConfig;
import io.llmload.sim.VllmSimulator;
import java.util.List;

/**
 * The server under test: the one at llm.baseUrl (or its replicas, when it lists several), or, when none
 * is given, the embedded vLLM simulator started on a free loopback port for the duration of the run.
 */
public final class Target implements AutoCloseable {
  private final String baseUrl;
  private final List<String> baseUrls;
  private final VllmSimulator simulator;
  private final String simulatorDescription;

  private Target(List<String> baseUrls, VllmSimulator simulator, String simulatorDescription) {
    this.baseUrls = List.copyOf(baseUrls);
    this.baseUrl = baseUrls.get(0);
    this.simulator = simulator;
    this.simulatorDescription = simulatorDescription;
  }

  public static Target start(LlmConfig config) {
    if (!config.useSimulator()) {
      return new Target(config.baseUrls(), null, null);
    }
    SimConfig sim = SimConfig.fromSystemProperties();
    SimConfig onFreePort = sim.toBuilder().port(0).build();
    VllmSimulator simulator = VllmSimulator.start(onFreePort);
    return new Target(List.of(simulator.baseUrl()), simulator, onFreePort.describe());
  }

  /** The server's root; with several replicas, the first one's. */
  public String baseUrl() {
    return baseUrl;
  }

  /** Every replica's root, in llm.baseUrl's order (one element for one server or the simulator). */
  public List<String> baseUrls() {
    return baseUrls;
  }

  /** The replicas as llm-summary.json and run.json show them: one URL, or the list joined by commas. */
  public String describeUrls() {
    return String.join(",", baseUrls);
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
