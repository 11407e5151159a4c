package io.llmload.sim;

import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/** Parsed sim.faults: a rate (probability per request) per fault kind, e.g. "http500:0.05,cut:0.02". */
public final class FaultSpec {
  private final EnumMap<FaultKind, Double> rates;

  private FaultSpec(EnumMap<FaultKind, Double> rates) {
    this.rates = rates;
  }

  public static FaultSpec none() {
    return new FaultSpec(new EnumMap<>(FaultKind.class));
  }

  /** @throws IllegalArgumentException naming sim.faults and the fix */
  public static FaultSpec parse(String spec) {
    EnumMap<FaultKind, Double> rates = new EnumMap<>(FaultKind.class);
    if (spec == null || spec.isBlank()) return new FaultSpec(rates);
    double sum = 0;
    for (String part : spec.split(",")) {
      if (part.isBlank()) continue;
      String[] kv = part.split(":");
      FaultKind kind = kv.length == 2 ? FaultKind.fromKey(kv[0]) : null;
      if (kind == null) {
        throw bad("'" + part.trim() + "' is not kind:rate with kind one of " + keys());
      }
      double rate;
      try {
        rate = Double.parseDouble(kv[1].trim());
      } catch (NumberFormatException e) {
        throw bad("rate '" + kv[1].trim() + "' of " + kind.key() + " is not a number");
      }
      if (!(rate >= 0 && rate <= 1)) throw bad("rate of " + kind.key() + " must be within 0..1, got " + rate);
      rates.merge(kind, rate, Double::sum);
      sum += rate;
    }
    if (sum > 1.0 + 1e-9) throw bad("rates add up to " + sum + " > 1");
    return new FaultSpec(rates);
  }

  private static IllegalArgumentException bad(String why) {
    return new IllegalArgumentException("sim.faults: " + why
        + "; fix it, e.g. -Dsim.faults=http500:0.05,http429:0.02,midstream_error:0.02,cut:0.02");
  }

  private static String keys() {
    StringJoiner j = new StringJoiner(", ");
    for (FaultKind k : FaultKind.values()) j.add(k.key());
    return j.toString();
  }

  public boolean isEmpty() {
    return rates.values().stream().allMatch(r -> r == 0);
  }

  public double rate(FaultKind kind) {
    return rates.getOrDefault(kind, 0.0);
  }

  public Map<FaultKind, Double> rates() {
    return java.util.Collections.unmodifiableMap(rates);
  }

  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(",");
    rates.forEach((k, v) -> j.add(k.key() + ":" + v));
    return j.toString();
  }
}
