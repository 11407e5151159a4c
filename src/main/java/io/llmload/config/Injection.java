package io.llmload.config;

/** How users arrive: open (spread over the ramp, as the seed does) or closed (hold N concurrent users). */
public enum Injection {
  OPEN,
  CLOSED
}
