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
 * Agent flows only: each user runs plan, retrieve, reason, synthesize and finalize, with think time
 * between the steps (llm.thinkMinSeconds-llm.thinkMaxSeconds).
 */
public class AgentFlowSimulation extends Simulation {
  private final LlmRun run = Runs.start(getClass(), LlmConfig::fromSystem, JourneyKind.AGENT);
  private final LlmConfig config = run.config();
  private final LlmChains llm = new LlmChains(run);

  private final ScenarioBuilder warmup = scenario("warmup").exec(llm.warmup());

  private final ScenarioBuilder users = scenario("agent").exec(llm.agentFlowJourney());

  {
    setUp(LlmSetup.warmupThen(config, warmup, config.injection() == Injection.OPEN
        ? LlmSetup.open(run, llm, users, "agent")
        : users.injectClosed(LlmSetup.closedInjection(config))))
        .protocols(LlmSetup.protocol(run))
        .maxDuration(LlmSetup.maxDuration(config));
  }

  @Override
  public void after() {
    Runs.finish(run);
  }
}
