package io.llmload.sim;

import io.llmload.config.ConfigException;
import io.llmload.config.Settings;
import java.util.concurrent.CountDownLatch;

/**
 * Standalone simulator: {@code ./mvnw -q compile exec:java -Dsim.port=8000 [-Dsim.profile=... ...]}.
 * Prints the URL, serves until Ctrl-C, then stops cleanly from a shutdown hook.
 */
public final class SimulatorMain {
  public static final int DEFAULT_PORT = 8000;

  private SimulatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    SimConfig cfg;
    try {
      Settings settings = Settings.fromSystem().check();
      cfg = SimConfig.read(settings);
      if (settings.raw("sim.port") == null) cfg = cfg.toBuilder().port(DEFAULT_PORT).build();
    } catch (IllegalArgumentException | ConfigException e) {
      System.err.println("vLLM simulator: " + e.getMessage());
      System.exit(2);
      return;
    }
    VllmSimulator sim = VllmSimulator.start(cfg);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sim.close();
      System.out.println("vLLM simulator stopped");
      stopped.countDown();
    }, "sim-shutdown"));
    System.out.println("vLLM simulator: " + cfg.describe());
    System.out.println("listening on " + sim.baseUrl() + "  (OpenAI base URL " + sim.baseUrl() + "/v1, model "
        + cfg.model() + "; Ctrl-C stops)");
    System.out.flush();
    stopped.await();
  }
}
