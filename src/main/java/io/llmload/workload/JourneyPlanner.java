package io.llmload.workload;

import io.llmload.config.LlmConfig;
import io.llmload.config.TokenRange;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws journeys from the seed. Journey i is the same in every run with the same seed and settings,
 * whatever order users start in, because its random stream is derived from (seed, i) alone.
 */
public final class JourneyPlanner {
  /** Call ids are journey × CALL_ID_STRIDE + step, so they are unique and reproducible. */
  public static final int CALL_ID_STRIDE = 16;

  private final LlmConfig config;

  public JourneyPlanner(LlmConfig config) {
    this.config = config;
  }

  public Journey journey(long index, JourneyKind kind, String groupTag) {
    SplittableRandom random = new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + index);
    boolean agent = switch (kind) {
      case SINGLE -> false;
      case AGENT -> true;
      case MIXED -> random.nextDouble() < config.agentMix();
      case CONVERSATION -> throw new IllegalArgumentException("conversation journeys come from the dataset"
          + " (workload.dataset.Conversations)");
    };
    List<CallSpec> calls = new ArrayList<>();
    List<Long> think = new ArrayList<>();
    if (!agent) {
      calls.add(new CallSpec(index * CALL_ID_STRIDE, CallSpec.SINGLE, index, 0, "heavy", groupTag,
          config.heavyInput().draw(random), config.heavyOutput().draw(random)));
      think.add(0L);
    } else {
      for (int step = 1; step <= config.agentSteps(); step++) {
        TokenRange in = config.agentInput().get(step - 1);
        TokenRange out = config.agentOutput().get(step - 1);
        calls.add(new CallSpec(index * CALL_ID_STRIDE + step, CallSpec.AGENT, index, step, LlmConfig.stepName(step),
            groupTag, in.draw(random), out.draw(random)));
        think.add(step == 1 ? 0L : drawThinkMillis(random));
      }
    }
    return new Journey(index, agent, List.copyOf(calls), List.copyOf(think));
  }

  private long drawThinkMillis(SplittableRandom random) {
    double min = config.thinkMinSeconds();
    double max = config.thinkMaxSeconds();
    return Math.round((min + random.nextDouble() * (max - min)) * 1000);
  }
}
