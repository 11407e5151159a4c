package io.llmload.workload.dataset;

import io.llmload.config.LlmConfig;
import io.llmload.workload.CallSpec;
import io.llmload.workload.Journey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToIntFunction;

/**
 * The conversations workload: user i replays sampled conversation i (modulo the sample's size), one call
 * per turn, with the think time of llm.thinkMinSeconds-llm.thinkMaxSeconds before each turn after the first.
 * Read, checked and sampled when the run is prepared, so bad input stops the run before any load.
 */
public final class Conversations {
  /** The scenario of conversation turns (its groups: conversation, turn_N). */
  public static final String SCENARIO = "conversation";
  /** Call ids are journey × CALL_ID_STRIDE + turn. */
  public static final long CALL_ID_STRIDE = DatasetSampler.MAX_TURNS + 1;

  private final LlmConfig config;
  private final List<SampledConversation> sample;
  private final int examined;

  public Conversations(LlmConfig config, List<SampledConversation> sample, int examined) {
    this.config = config;
    this.sample = sample;
    this.examined = examined;
  }

  /** Reads llm.dataset.file and samples it with llm.seed, counting tokens with {@code counter}. */
  public static Conversations load(LlmConfig config, ToIntFunction<String> counter) {
    List<Conversation> all = DatasetReader.read(Path.of(config.dataset().file()));
    return new Conversations(config, new DatasetSampler(config.dataset(), counter).sample(all, config.seed()), all.size());
  }

  public List<SampledConversation> sample() {
    return sample;
  }

  /** The conversation user {@code index} replays. */
  public SampledConversation of(long index) {
    return sample.get((int) Math.floorMod(index, (long) sample.size()));
  }

  /** "12 conversations (31 turns) sampled from 500 in data/sharegpt.json". */
  public String describe() {
    int turns = sample.stream().mapToInt(c -> c.turns().size()).sum();
    return sample.size() + " conversations (" + turns + " turns) sampled from " + examined + " in "
        + config.dataset().file();
  }

  /** Journey {@code index}: reproducible from the seed and the index alone, as JourneyPlanner's are. */
  public Journey journey(long index, String groupTag) {
    SplittableRandom random = new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + index);
    List<CallSpec> calls = new ArrayList<>();
    List<Long> think = new ArrayList<>();
    for (Turn t : of(index).turns()) {
      calls.add(new CallSpec(index * CALL_ID_STRIDE + t.number(), SCENARIO, index, t.number(), "turn", groupTag,
          t.promptTokens(), t.outputTokens()));
      double min = config.thinkMinSeconds();
      double max = config.thinkMaxSeconds();
      think.add(t.number() == 1 ? 0L : Math.round((min + random.nextDouble() * (max - min)) * 1000));
    }
    return new Journey(index, false, List.copyOf(calls), List.copyOf(think));
  }

  /** The turn a call of journey {@code index} sends. */
  public Turn turn(long index, int number) {
    return of(index).turns().get(number - 1);
  }
}
