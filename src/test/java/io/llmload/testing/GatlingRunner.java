package io.llmload.testing;

import io.gatling.app.Gatling$;
import io.gatling.shared.cli.GatlingCliOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs a Gatling simulation inside the test JVM, as `./mvnw gatling:test` would in its own JVM:
 * simulations read -D properties, so they are set for the run and restored after it.
 */
public final class GatlingRunner {
  private GatlingRunner() {
  }

  /** @return Gatling's exit code (0 = ok, 2 = assertions failed, other = crash) */
  public static synchronized int run(Class<?> simulation, Map<String, String> properties, Path resultsDir, boolean reports) {
    properties = new HashMap<>(properties);
    properties.putIfAbsent("llm.archive", "false");
    Map<String, String> previous = new HashMap<>();
    properties.forEach((k, v) -> previous.put(k, System.setProperty(k, v)));
    try {
      var args = new java.util.ArrayList<String>();
      args.add("--" + GatlingCliOptions.Simulation.longName);
      args.add(simulation.getName());
      args.add("--" + GatlingCliOptions.ResultsFolder.longName);
      args.add(resultsDir.toString());
      if (!reports) {
        args.add("--" + GatlingCliOptions.NoReports.longName);
      }
      return Gatling$.MODULE$.fromArgs(args.toArray(String[]::new));
    } finally {
      previous.forEach((k, v) -> {
        if (v == null) {
          System.clearProperty(k);
        } else {
          System.setProperty(k, v);
        }
      });
    }
  }
}
