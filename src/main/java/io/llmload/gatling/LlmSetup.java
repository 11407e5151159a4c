package io.llmload.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ClosedInjectionStep;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.llmload.config.Injection;
import io.llmload.config.LlmConfig;
import java.time.Duration;

/** The protocol, injection profiles and time bound every LLM simulation shares. */
public final class LlmSetup {
  private LlmSetup() {
  }

  /**
   * HTTP protocol: each user keeps its own connection (as independent clients do; an agent flow reuses
   * it between steps), Gatling's SSE buffer sized by llm.sseBufferSize, and the API key as a Bearer
   * header when one is set. Redirects are not followed, so the key reaches only llm.baseUrl's server
   * (a 3xx answer is a failed call). Accept-Encoding is identity: Gatling inflates any content encoding
   * without a size limit, so a compressed answer (a gzip bomb) could fill the heap; a server that
   * compresses anyway fails the call (the stream's body is not text/event-stream text).
   */
  public static HttpProtocolBuilder protocol(LlmRun run) {
    HttpProtocolBuilder protocol = http
        .disableFollowRedirect()
        .acceptEncodingHeader("identity")
        .sseUnmatchedInboundMessageBufferSize(run.config().sseBufferSize())
        .userAgentHeader("llm-loadtest/" + Versions.suite() + " (Gatling " + Versions.gatling() + ")");
    if (run.config().apiKey() != null) {
      protocol = protocol.authorizationHeader("Bearer " + run.config().apiKey());
    }
    return protocol;
  }

  /** Open injection: llm.users arrivals spread evenly over llm.rampSeconds (all at once when it is 0). */
  public static OpenInjectionStep openInjection(LlmConfig config) {
    return config.rampSeconds() == 0
        ? atOnceUsers(config.users())
        : rampUsers(config.users()).during(millis(config.rampSeconds()));
  }

  /** Closed injection: ramp to llm.users concurrent users over llm.rampSeconds, then hold them for llm.holdSeconds. */
  public static ClosedInjectionStep[] closedInjection(LlmConfig config) {
    Duration hold = millis(config.holdSeconds());
    return config.rampSeconds() == 0
        ? new ClosedInjectionStep[] {constantConcurrentUsers(config.users()).during(hold)}
        : new ClosedInjectionStep[] {rampConcurrentUsers(0).to(config.users()).during(millis(config.rampSeconds())),
            constantConcurrentUsers(config.users()).during(hold)};
  }

  private static Duration millis(double seconds) {
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  /** The longest a call can last: llm.maxCallSeconds, then up to one drain and the close grace. */
  static double maxCallSeconds(LlmConfig config) {
    return config.maxCallSeconds() + (config.drainMillis() + LlmChains.CLOSE_GRACE_MS) / 1000.0;
  }

  /** Warm-up first (one user, llm.warmupCalls small calls), then the measured users; no warm-up user when llm.warmupCalls=0. */
  public static PopulationBuilder warmupThen(LlmConfig config, ScenarioBuilder warmup, PopulationBuilder measured) {
    return config.warmupCalls() == 0 ? measured : warmup.injectOpen(atOnceUsers(1)).andThen(measured);
  }

  /**
   * A hard bound on the run, whatever the server does: warm-up, ramp, hold and the slowest possible
   * journey (each call lasts at most llm.maxCallSeconds, then up to a drain and the close grace), plus a minute.
   */
  public static Duration maxDuration(LlmConfig config) {
    double perCall = maxCallSeconds(config);
    double journey = config.agentSteps() * (perCall + config.thinkMaxSeconds());
    double total = config.warmupCalls() * perCall + config.rampSeconds()
        + (config.injection() == Injection.CLOSED ? config.holdSeconds() : 0) + journey + 60;
    return Duration.ofMillis(Math.round(total * 1000));
  }
}
