package io.llmload.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.llmload.config.Injection;
import io.llmload.config.LlmConfig;
import java.time.Duration;

/** The protocol, injection and time bound every LLM simulation shares. */
public final class LlmSetup {
  private LlmSetup() {
  }

  /**
   * HTTP protocol: each user keeps its own connection (as independent clients do; an agent flow reuses
   * it between steps), Gatling's SSE buffer sized by llm.sseBufferSize, and the API key as a Bearer
   * header when one is set.
   */
  public static HttpProtocolBuilder protocol(LlmRun run) {
    HttpProtocolBuilder protocol = http
        .sseUnmatchedInboundMessageBufferSize(run.config().sseBufferSize())
        .userAgentHeader("llm-loadtest/" + Versions.suite() + " (Gatling " + Versions.gatling() + ")");
    if (run.config().apiKey() != null) {
      protocol = protocol.authorizationHeader("Bearer " + run.config().apiKey());
    }
    return protocol;
  }

  /** The measured users: open (arrivals spread over llm.rampSeconds) or closed (ramp, then hold N users). */
  public static PopulationBuilder users(LlmConfig config, ScenarioBuilder scenario) {
    Duration ramp = Duration.ofMillis(Math.round(config.rampSeconds() * 1000));
    if (config.injection() == Injection.OPEN) {
      return config.rampSeconds() == 0
          ? scenario.injectOpen(atOnceUsers(config.users()))
          : scenario.injectOpen(rampUsers(config.users()).during(ramp));
    }
    Duration hold = Duration.ofMillis(Math.round(config.holdSeconds() * 1000));
    return config.rampSeconds() == 0
        ? scenario.injectClosed(constantConcurrentUsers(config.users()).during(hold))
        : scenario.injectClosed(rampConcurrentUsers(0).to(config.users()).during(ramp),
            constantConcurrentUsers(config.users()).during(hold));
  }

  /** Warm-up first (one user, llm.warmupCalls small calls), then the measured users. */
  public static PopulationBuilder warmupThen(LlmConfig config, ScenarioBuilder warmup, PopulationBuilder measured) {
    return config.warmupCalls() == 0 ? measured : warmup.injectOpen(atOnceUsers(1)).andThen(measured);
  }

  /**
   * A hard bound on the run, whatever the server does: warm-up, ramp, hold and the slowest possible
   * journey (each call may last up to llm.timeoutSeconds without an event), plus a minute.
   */
  public static Duration maxDuration(LlmConfig config) {
    double perCall = config.timeoutSeconds();
    double journey = config.agentSteps() * (perCall + config.thinkMaxSeconds());
    double total = config.warmupCalls() * perCall + config.rampSeconds()
        + (config.injection() == Injection.CLOSED ? config.holdSeconds() : 0) + journey + 60;
    return Duration.ofMillis(Math.round(total * 1000));
  }
}
