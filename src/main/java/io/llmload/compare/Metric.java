package io.llmload.compare;

/**
 * The figures a comparison reports. Per-call metrics are summarized by percentiles; ITL by percentiles
 * of all gaps pooled (resampled by call); the run-level ones by a single value.
 */
public enum Metric {
  TTFT("TTFT", "ms", true, Kind.PER_CALL),
  TTFO("TTFO", "ms", true, Kind.PER_CALL),
  TPOT("TPOT", "ms", true, Kind.PER_CALL),
  E2E("E2E", "ms", true, Kind.PER_CALL),
  ITL("ITL", "ms", true, Kind.PER_GAP),
  /** output_tokens_per_s of each ok call (decode speed seen by one user). */
  CALL_OUTPUT_TOKENS_PER_S("output tok/s per call", "tok/s", false, Kind.PER_CALL),
  /** ok calls completed per second of the run. */
  REQUEST_THROUGHPUT("request throughput", "req/s", false, Kind.RUN),
  /** output tokens of ok calls per second of the run. */
  OUTPUT_THROUGHPUT("output token throughput", "tok/s", false, Kind.RUN),
  /** failed / all calls. Shown in per cent; its regression threshold is in percentage points. */
  ERROR_RATE("error rate", "%", true, Kind.RUN);

  public enum Kind { PER_CALL, PER_GAP, RUN }

  private final String label;
  private final String unit;
  private final boolean lowerIsBetter;
  private final Kind kind;

  Metric(String label, String unit, boolean lowerIsBetter, Kind kind) {
    this.label = label;
    this.unit = unit;
    this.lowerIsBetter = lowerIsBetter;
    this.kind = kind;
  }

  public String label() {
    return label;
  }

  public String unit() {
    return unit;
  }

  public boolean lowerIsBetter() {
    return lowerIsBetter;
  }

  public Kind kind() {
    return kind;
  }

  public boolean hasPercentiles() {
    return kind != Kind.RUN;
  }
}
