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
      restoreLogging();
      previous.forEach((k, v) -> {
        if (v == null) {
          System.clearProperty(k);
        } else {
          System.setProperty(k, v);
        }
      });
    }
  }

  /**
   * Gatling stops logback when a run ends, which leaves the context at DEBUG with no appender: every later
   * run in the same JVM then built a debug event for each SSE message and pause (a tenth of the client's
   * CPU in the load benchmark's profile, and pauses in accuracy tests). Reloads logback-test.xml.
   */
  static void restoreLogging() {
    if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
      ctx.reset();
      try {
        new ch.qos.logback.classic.util.ContextInitializer(ctx).autoConfig();
      } catch (ch.qos.logback.core.joran.spi.JoranException e) {
        throw new IllegalStateException("cannot reload logback-test.xml: " + e.getMessage(), e);
      }
    }
  }
}
