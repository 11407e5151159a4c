package io.llmload.sweep;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An objective a level broke: a latency objective ("ttft", "tpot", "e2e") with its value in ms at the SLO
 * percentile, or {@link #ERRORS} with the error rate and llm.sweep.maxErrorRate. {@code ratio} = value ÷
 * limit, null when there is no value (no ok call) or the limit is 0.
 */
public record Broken(String objective, Double percentile, Double value, double limit, Double ratio) {
  public static final String ERRORS = "errors";

  public boolean errors() {
    return ERRORS.equals(objective);
  }

  /** How far over its limit, null counting as infinitely far. */
  double overshoot() {
    return ratio == null ? Double.POSITIVE_INFINITY : ratio;
  }

  Map<String, Object> json() {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("objective", objective);
    if (errors()) {
      b.put("value", value);
      b.put("limit", limit);
    } else {
      b.put("percentile", percentile);
      b.put("value_ms", value);
      b.put("limit_ms", limit);
    }
    b.put("ratio", ratio);
    return b;
  }
}
