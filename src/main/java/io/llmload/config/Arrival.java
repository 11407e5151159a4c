package io.llmload.config;

/** How the open model's users arrive (llm.arrival). */
public enum Arrival {
  /** Evenly spaced: the seed's spread over llm.rampSeconds, or 1/llm.rate apart. */
  EVEN,
  /** Exponential gaps of mean 1/llm.rate (a Poisson process). */
  POISSON,
  /** Gamma gaps of shape llm.burstiness and mean 1/llm.rate (as vllm bench serve draws them). */
  GAMMA
}
