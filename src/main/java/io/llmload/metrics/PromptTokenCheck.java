package io.llmload.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Requested versus server-reported prompt tokens, per group: does the server see the prompt sizes the
 * workload asked for? Requested = the prompt size the client built (llm.tokenizer=server: the whole prompt
 * as /tokenize counted it; otherwise every message's text in the jtokkit encoding, so a chat template or
 * another tokenizer shows as a difference). Server = usage.prompt_tokens. Only ok calls with usage count.
 * difference_pct = (Σ server − Σ requested) / Σ requested × 100; a group beyond ±{@value #WARN_PCT} % warns.
 */
public final class PromptTokenCheck {
  public static final double WARN_PCT = 1.0;

  private static final class Sums {
    long calls;
    long requested;
    long server;
    long exact;
  }

  private final Map<String, Sums> groups = new TreeMap<>(CallGroups.ORDER);

  /** Records one ok call with usage; thread-safe. */
  public synchronized void add(String scenario, long step, String groupTag, int requested, int server) {
    for (String g : CallGroups.groupsOf(scenario, step, groupTag)) {
      Sums s = groups.computeIfAbsent(g, k -> new Sums());
      s.calls++;
      s.requested += requested;
      s.server += server;
      s.exact += requested == server ? 1 : 0;
    }
  }

  /** The "prompt_tokens" part of llm-summary.json: per group calls, means, exact calls, difference and warning. */
  public synchronized Map<String, Object> summary() {
    Map<String, Object> out = new LinkedHashMap<>();
    groups.forEach((name, s) -> {
      Map<String, Object> g = new LinkedHashMap<>();
      double pct = s.requested == 0 ? 0 : (s.server - s.requested) * 100.0 / s.requested;
      g.put("calls", s.calls);
      g.put("requested_mean", Percentiles.round((double) s.requested / s.calls));
      g.put("server_mean", Percentiles.round((double) s.server / s.calls));
      g.put("exact_calls", s.exact);
      g.put("difference_pct", Percentiles.round(pct));
      g.put("warning", Math.abs(pct) > WARN_PCT);
      out.put(name, g);
    });
    return out;
  }
}
