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
 * Heavy single calls only: each user sends one call of 7k-10k input and 4k-6k output tokens.
 */
public class HeavyCallSimulation extends Simulation {
  private final LlmRun run = Runs.start(getClass(), LlmConfig::fromSystem, JourneyKind.SINGLE);
  private final LlmConfig config = run.config();
  private final LlmChains llm = new LlmChains(run);

  private final ScenarioBuilder warmup = scenario("warmup").exec(llm.warmup());

  private final ScenarioBuilder users = scenario("heavy").exec(llm.heavyCallJourney());

  {
    setUp(LlmSetup.warmupThen(config, warmup, config.injection() == Injection.OPEN
        ? LlmSetup.open(run, llm, users, "heavy")
        : users.injectClosed(LlmSetup.closedInjection(config))))
        .protocols(LlmSetup.protocol(run))
        .maxDuration(LlmSetup.maxDuration(config));
  }

  @Override
  public void after() {
    Runs.finish(run);
  }
}
