package io.llmload.simulations;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.llmload.config.LlmConfig;
import io.llmload.gatling.LlmChains;
import io.llmload.gatling.LlmRun;
import io.llmload.gatling.LlmSetup;
import io.llmload.sweep.SweepConfig;
import io.llmload.gatling.SweepRun;

/**
 * Capacity sweep: the load is stepped through levels of concurrency (closed model, llm.sweep.levels) or
 * arrival rate (llm.sweep.mode=rate), each settled then held; every journey is tagged with its level,
 * and sweep-summary.json gives each level's figures and the knee: the highest level within the SLOs.
 * Workload: llm.sweep.workload=heavy|agent|mixed. See docs/sweep.md.
 */
public class CapacitySweepSimulation extends Simulation {
  private final SweepConfig sweepConfig = SweepConfig.fromSystem();
  private final LlmRun run = Runs.start(getClass(), LlmConfig::fromSystem, sweepConfig.workload());
  private final LlmChains llm = new LlmChains(run);
  private final SweepRun sweep = new SweepRun(run, sweepConfig);

  private final ScenarioBuilder warmup = scenario("warmup").exec(llm.warmup());

  private final ScenarioBuilder users = scenario("sweep").exec(sweep.user(llm));

  {
    setUp(LlmSetup.warmupThen(run.config(), warmup, sweep.injection(users)))
        .protocols(LlmSetup.protocol(run))
        .maxDuration(sweep.maxDuration());
  }

  @Override
  public void after() {
    Runs.finish(run);
  }
}
