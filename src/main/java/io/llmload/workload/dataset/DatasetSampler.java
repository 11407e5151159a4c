package io.llmload.workload.dataset;

import io.llmload.config.ConfigException;
import io.llmload.config.DatasetConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToIntFunction;

/**
 * Samples conversations as vLLM's bench samples ShareGPT: the dataset is shuffled with the seed and
 * walked in that order, keeping conversations until llm.dataset.conversations are kept. A conversation's
 * turns are sized in the client's tokenizer: a turn's input is every message it sends (the history and its
 * user message), its output the recorded answer. A conversation is cut before its first turn whose input
 * or output is outside [min, max] (later turns only grow); one whose first turn is outside is skipped.
 */
public final class DatasetSampler {
  /** Output of a turn with no recorded answer and no output_tokens (vLLM's custom dataset default). */
  public static final int DEFAULT_OUTPUT_TOKENS = 256;
  /** Turns kept per conversation at most, so call ids (journey × 1024 + turn) stay unique. */
  public static final int MAX_TURNS = 1023;

  private final DatasetConfig config;
  private final ToIntFunction<String> counter;

  public DatasetSampler(DatasetConfig config, ToIntFunction<String> counter) {
    this.config = config;
    this.counter = counter;
  }

  /** The kept conversations, in sampling order; the same for the same seed, file and filters. */
  public List<SampledConversation> sample(List<Conversation> all, long seed) {
    int[] order = shuffled(all.size(), seed);
    List<SampledConversation> kept = new ArrayList<>();
    for (int i = 0; i < order.length && kept.size() < config.conversations(); i++) {
      SampledConversation c = turns(all.get(order[i]));
      if (!c.turns().isEmpty()) {
        kept.add(c);
      }
    }
    if (kept.isEmpty()) {
      throw new ConfigException("dataset " + config.file() + ": none of its " + all.size() + " conversations passes"
          + " the filters (first turn input " + config.minInputTokens() + "-" + config.maxInputTokens() + " tokens, output "
          + config.minOutputTokens() + "-" + config.maxOutputTokens() + "); widen -Dllm.dataset.minInputTokens,"
          + " maxInputTokens, minOutputTokens or maxOutputTokens");
    }
    return List.copyOf(kept);
  }

  /** Fisher-Yates with a seeded SplittableRandom: the order depends on the seed and the count alone. */
  static int[] shuffled(int n, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** The conversation's turns that pass the filters, up to the first that does not. */
  SampledConversation turns(Conversation c) {
    List<Message> messages = c.messages();
    List<Turn> turns = new ArrayList<>();
    int history = 0;
    for (int i = 0; i < messages.size() && turns.size() < MAX_TURNS; i++) {
      Message m = messages.get(i);
      int tokens = counter.applyAsInt(m.text());
      if (m.fromUser()) {
        int output = outputOf(c, i);
        int input = history + tokens;
        if (input < config.minInputTokens() || input > config.maxInputTokens()
            || output < config.minOutputTokens() || output > config.maxOutputTokens()) {
          break;
        }
        turns.add(new Turn(turns.size() + 1, List.copyOf(messages.subList(0, i + 1)), input, output));
      }
      history += tokens;
    }
    return new SampledConversation(c, List.copyOf(turns));
  }

  /** The recorded answer after message i (the assistant messages up to the next user message), in tokens. */
  private int outputOf(Conversation c, int userIndex) {
    if (c.outputTokens() != null) {
      return c.outputTokens();
    }
    StringBuilder answer = new StringBuilder();
    boolean any = false;
    for (int j = userIndex + 1; j < c.messages().size() && !c.messages().get(j).fromUser(); j++) {
      answer.append(any ? "\n\n" : "").append(c.messages().get(j).text());
      any = true;
    }
    return any ? counter.applyAsInt(answer.toString()) : DEFAULT_OUTPUT_TOKENS;
  }
}
