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
 * Conversations of a dataset (-Dllm.dataset.file, ShareGPT or JSONL): each user replays one sampled
 * conversation, a call per turn with the recorded history, think time between turns.
 */
public class ConversationSimulation extends Simulation {
  private final LlmRun run = Runs.start(getClass(), LlmConfig::fromSystem, JourneyKind.CONVERSATION);
  private final LlmConfig config = run.config();
  private final LlmChains llm = new LlmChains(run);

  private final ScenarioBuilder warmup = scenario("warmup").exec(llm.warmup());

  private final ScenarioBuilder users = scenario("conversation").exec(llm.conversationJourney());

  {
    setUp(LlmSetup.warmupThen(config, warmup, config.injection() == Injection.OPEN
        ? users.injectOpen(LlmSetup.openInjection(config))
        : users.injectClosed(LlmSetup.closedInjection(config))))
        .protocols(LlmSetup.protocol(run))
        .maxDuration(LlmSetup.maxDuration(config));
  }

  @Override
  public void after() {
    Runs.finish(run);
  }
}
