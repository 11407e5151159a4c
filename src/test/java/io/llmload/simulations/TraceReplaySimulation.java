package io.llmload.simulations;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.llmload.config.LlmConfig;
import io.llmload.config.TokenRange;
import io.llmload.gatling.LlmChains;
import io.llmload.gatling.LlmRun;
import io.llmload.gatling.LlmSetup;
import io.llmload.workload.JourneyKind;
import io.llmload.workload.schedule.SendSchedule;
import io.llmload.workload.schedule.TraceReplay;

/**
 * Trace replay (-Dllm.workload=trace -Dllm.trace.file=... -Dllm.trace.format=...): each record of the trace
 * is one call sent at its offset (llm.trace.speedup, .startS, .durationS, .limit, .rateScale), with its
 * input and output tokens. llm.maxConcurrency caps the calls in flight; llm.users and the ranges are unused.
 */
public class TraceReplaySimulation extends Simulation {
  /** Small drawn journeys: only the warm-up and the prompts planned at the start use them. */
  static final LlmConfig.Defaults TRACE = new LlmConfig.Defaults(1, 0, new TokenRange(100, 200), new TokenRange(10, 20),
      "100-200,150-250,120-220,200-300,250-400", "10-20,10-25,15-30,20-40,30-60", 0.05, 0.2, 3);

  // read and checked before the run starts: bad input stops it before any load
  private final TraceReplay.Replay replay = TraceReplay.read(LlmConfig.fromSystem(TRACE));
  private final LlmRun run = Runs.start(getClass(), () -> LlmConfig.fromSystem(TRACE), JourneyKind.SINGLE);
  private final LlmConfig config = run.config();
  private final LlmChains llm = new LlmChains(run);

  private final ScenarioBuilder warmup = scenario("warmup").exec(llm.warmup());

  {
    SendSchedule schedule = replay.schedule();
    schedule.notes().forEach(note -> System.out.println("LLM trace: " + note));
    System.out.printf("LLM trace: %d calls over %.1f s%n", schedule.size(), schedule.spanSeconds());
    setUp(LlmSetup.warmupThen(config, warmup,
        LlmSetup.scheduled(config, llm, schedule, "trace", run.tracePrompts(replay.trace()))))
        .protocols(LlmSetup.protocol(run))
        .maxDuration(LlmSetup.maxDuration(config, schedule));
  }

  @Override
  public void after() {
    Runs.finish(run);
  }
}
