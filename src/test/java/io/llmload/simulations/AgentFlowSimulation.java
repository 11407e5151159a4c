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
 * Agent flows only: each user runs plan, retrieve, reason, synthesize and finalize, with think time
 * between the steps (llm.thinkMinSeconds-llm.thinkMaxSeconds).
 */
public class AgentFlowSimulation extends Simulation {
  private final LlmRun run = Runs.start(getClass(), LlmConfig::fromSystem, JourneyKind.AGENT);
  private final LlmChains llm = new LlmChains(run);

  private final ScenarioBuilder warmup = llm.warmupScenario();

  private final ScenarioBuilder users = scenario("agent")
      .exec(GatlingInternals.captureRuntime())
      .exec(llm.startJourney(null))
      .exec(llm.agentFlow());

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
