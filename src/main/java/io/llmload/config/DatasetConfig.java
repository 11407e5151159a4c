package io.llmload.config;

/**
 * The conversation dataset of llm.workload=conversations: which file, how conversations are sampled
 * from it (as vLLM's bench samples ShareGPT: shuffled by llm.seed, kept when their lengths pass the
 * filters), and whether each turn's output is forced to the recorded answer's length.
 *
 * @param file          the dataset file (ShareGPT JSON array or JSONL), null when no dataset is used
 * @param conversations how many conversations to sample; users beyond it reuse them in order
 */
public record DatasetConfig(
    String file,
    boolean forceOutput,
    int conversations,
    int minInputTokens,
    int maxInputTokens,
    int minOutputTokens,
    int maxOutputTokens) {

  static DatasetConfig read(Settings s, int users) {
    String file = s.string("llm.dataset.file", null);
    boolean force = s.bool("llm.dataset.forceOutput", true);
    int conversations = (int) s.integer("llm.dataset.conversations", users, 1, 10_000_000);
    int minIn = (int) s.integer("llm.dataset.minInputTokens", 4, 1, 10_000_000);
    int maxIn = (int) s.integer("llm.dataset.maxInputTokens", 1024, 1, 10_000_000);
    int minOut = (int) s.integer("llm.dataset.minOutputTokens", 4, 1, 10_000_000);
    int maxOut = (int) s.integer("llm.dataset.maxOutputTokens", 1024, 1, 10_000_000);
    if (minIn > maxIn) {
      throw new ConfigException("llm.dataset.minInputTokens=" + minIn + " is above llm.dataset.maxInputTokens=" + maxIn
          + "; set -Dllm.dataset.minInputTokens <= -Dllm.dataset.maxInputTokens");
    }
    if (minOut > maxOut) {
      throw new ConfigException("llm.dataset.minOutputTokens=" + minOut + " is above llm.dataset.maxOutputTokens="
          + maxOut + "; set -Dllm.dataset.minOutputTokens <= -Dllm.dataset.maxOutputTokens");
    }
    return new DatasetConfig(file, force, conversations, minIn, maxIn, minOut, maxOut);
  }
}
