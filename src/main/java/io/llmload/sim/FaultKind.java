package io.llmload.sim;

import java.util.Locale;

/** Injectable faults. Pre-stream kinds answer with an HTTP error; the others strike mid-stream. */
public enum FaultKind {
  /** 500 JSON error before streaming. */
  HTTP500(true),
  /** 429 with Retry-After, as gateways send it. */
  HTTP429(true),
  /** 503 JSON error before streaming. */
  HTTP503(true),
  /** 400 "maximum context length" although the request fits. */
  CONTEXT400(true),
  /** {@code data: {"error":...}} then {@code data: [DONE]} after some tokens. */
  MIDSTREAM_ERROR(false),
  /** TCP connection closed mid-stream, no terminating chunk. */
  CUT(false),
  /** Stop sending mid-stream for sim.stallSeconds, then close. */
  STALL(false),
  /** One event with a broken JSON payload, then the stream continues. */
  INVALID_JSON(false);

  private final boolean beforeStream;

  FaultKind(boolean beforeStream) {
    this.beforeStream = beforeStream;
  }

  public boolean beforeStream() {
    return beforeStream;
  }

  /** The spelling used in sim.faults, e.g. "midstream_error". */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  static FaultKind fromKey(String key) {
    for (FaultKind k : values()) {
      if (k.key().equals(key.trim().toLowerCase(Locale.ROOT))) return k;
    }
    return null;
  }
}
