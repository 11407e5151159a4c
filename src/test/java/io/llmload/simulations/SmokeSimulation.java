package io.llmload.simulations;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.llmload.config.Injection;
import io.llmload.config.LlmConfig;
import io.llmload.gatling.LlmChains;
import io.llmload.gatling.LlmRun;
import io.llmload.gatling.LlmSetup;
import io.llmload.workload.JourneyKind;

/**
 * A small mixed workload (8 users, hundreds of tokens) that finishes in seconds: for tests and a first check
 * of a new target. Every llm.* property still applies.
 */
public class SmokeSimulation extends Simulation {
  private final LlmRun run = Runs.start(getClass(), () -> LlmConfig.fromSystem(LlmConfig.Defaults.SMOKE), JourneyKind.MIXED);
  private final LlmConfig config = run.config();
  private final LlmChains llm = new LlmChains(run);

  private final ScenarioBuilder warmup = scenario("warmup").exec(llm.warmup());

  private final ScenarioBuilder users = scenario("smoke").exec(llm.mixedJourney());

  {
    setUp(LlmSetup.warmupThen(config, warmup, config.injection() == Injection.OPEN
        ? LlmSetup.open(run, llm, users, "smoke")
        : users.injectClosed(LlmSetup.closedInjection(config))))
        .protocols(LlmSetup.protocol(run))
        .maxDuration(LlmSetup.maxDuration(config));
  }

  @Override
  public void after() {
    Runs.finish(run);
  }
}
