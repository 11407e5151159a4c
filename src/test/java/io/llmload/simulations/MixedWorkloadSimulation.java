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
 * The default: the seed's mixed workload. Each user runs a five-step agent flow with probability
 * llm.agentMix (0.30), else one heavy call of 7k-10k input and 4k-6k output tokens.
 */
public class MixedWorkloadSimulation extends Simulation {
  private final LlmRun run = Runs.start(getClass(), LlmConfig::fromSystem, JourneyKind.MIXED);
  private final LlmConfig config = run.config();
  private final LlmChains llm = new LlmChains(run);

  private final ScenarioBuilder warmup = scenario("warmup").exec(llm.warmup());

  private final ScenarioBuilder users = scenario("mixed").exec(llm.mixedJourney());

  {
    setUp(LlmSetup.warmupThen(config, warmup, config.injection() == Injection.OPEN
        ? LlmSetup.open(run, llm, users, "mixed")
        : users.injectClosed(LlmSetup.closedInjection(config))))
        .protocols(LlmSetup.protocol(run))
        .maxDuration(LlmSetup.maxDuration(config));
  }

  @Override
  public void after() {
    Runs.finish(run);
  }
}
