package io.llmload.simulations;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.llmload.config.LlmConfig;
import io.llmload.gatling.GatlingInternals;
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
  private final LlmChains llm = new LlmChains(run);

  private final ScenarioBuilder warmup = llm.warmupScenario();

  private final ScenarioBuilder users = scenario("smoke")
      .exec(GatlingInternals.captureRuntime())
      .exec(llm.startJourney(null))
      .exec(llm.journey());

  {
    setUp(LlmSetup.warmupThen(run.config(), warmup, LlmSetup.users(run.config(), users)))
        .protocols(LlmSetup.protocol(run))
        .maxDuration(LlmSetup.maxDuration(run.config()));
  }

  @Override
  public void after() {
    Runs.finish(run);
  }
}
