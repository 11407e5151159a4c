package io.llmload.sweep;

/** What a sweep steps through: concurrent users (closed model) or arrival rates in users/s (open model). */
public enum SweepMode {
  CONCURRENCY,
  RATE
}
