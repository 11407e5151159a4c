package io.llmload.simulations;

import io.llmload.config.LlmConfig;
import io.llmload.gatling.LlmRun;
import io.llmload.workload.JourneyKind;

/** Starts and ends an LLM run for a simulation class. */
final class Runs {
  private Runs() {
  }

  static LlmRun start(Class<?> simulation, java.util.function.Supplier<LlmConfig> config, JourneyKind kind) {
    return LlmRun.start(simulation.getSimpleName(), config, kind);
  }

  static void finish(LlmRun run) {
    try {
      run.finish();
    } finally {
      run.close();
    }
  }
}
