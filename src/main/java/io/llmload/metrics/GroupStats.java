package io.llmload.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures of one group of calls (overall, single, agent, agent_step_N, …). */
public final class GroupStats {
  private static final int SAMPLE_ERRORS = 3;

  private long calls;
  private long ok;
  private long outputTokens;
  private long good;
  private final List<String> sampleErrors = new ArrayList<>();
  private final Distribution ttft = new Distribution();
  private final Distribution ttfo = new Distribution();
  private final Distribution e2e = new Distribution();
  private final Distribution tpot = new Distribution();
  private final Distribution rate = new Distribution();
  private final GapHistogram itl = new GapHistogram();
  private final Distribution queue = new Distribution();
  private final Distribution dispatchDelay = new Distribution();
  private final Distribution sendDelay = new Distribution();

  /** @param meetsSlo the call was ok and met every SLO that applies to it */
  public void add(CallResult r, boolean meetsSlo) {
    calls++;
    if (r.schedule() != null) {
      queue.add(r.schedule().queueMs());
      dispatchDelay.add(r.schedule().dispatchDelayMs());
    }
    if (meetsSlo) {
      good++;
    }
    if (!r.ok()) {
      if (sampleErrors.size() < SAMPLE_ERRORS && !sampleErrors.contains(r.error())) {
        sampleErrors.add(r.error());
      }
      return;
    }
    ok++;
    outputTokens += r.outputTokens();
    if (r.send() != null) {
      sendDelay.add(r.send().sendDelayMs());
    }
    ttft.add(r.ttftMs());
    if (r.ttfoMs() != null) {
      ttfo.add(r.ttfoMs());
    }
    e2e.add(r.e2eMs());
    if (r.tpotMs() != null) {
      tpot.add(r.tpotMs());
    }
    if (r.outputTokensPerS() != null) {
      rate.add(r.outputTokensPerS());
    }
    itl.add(r.itlGapsMs());
  }

  public long calls() {
    return calls;
  }

  public long ok() {
    return ok;
  }

  public long failed() {
    return calls - ok;
  }

  /** Calls that were ok and met every SLO. */
  public long good() {
    return good;
  }

  /** SLO attainment of the group: objectives held at the policy's percentile, share and rate of good calls. */
  public Map<String, Object> sloSummary(Map<String, Double> limits, double percentile, double windowSeconds) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("calls", calls);
    out.put("good", good);
    out.put("attainment", calls == 0 ? null : Percentiles.round((double) good / calls));
    out.put("goodput_per_s", windowSeconds <= 0 ? null : Percentiles.round(good / windowSeconds));
    String p = Percentiles.key(percentile);
    boolean allMet = true;
    for (Map.Entry<String, Double> limit : limits.entrySet()) {
      Distribution d = switch (limit.getKey()) {
        case "ttftMs" -> ttft;
        case "tpotMs" -> tpot;
        default -> e2e;
      };
      String metric = limit.getKey().replace("Ms", "");
      Double value = d.percentile(percentile);
      out.put(metric + "_" + p + "_ms", value == null ? null : Percentiles.round(value));
      out.put(metric + "_limit_ms", limit.getValue());
      boolean met = value != null && value <= limit.getValue();
      out.put(metric + "_met", met);
      allMet &= met;
    }
    out.put("all_met", allMet);
    return out;
  }

  /** Calls of the group sent from a schedule (ok or failed): the count behind queue_ms and dispatch_delay_ms. */
  public int scheduledCalls() {
    return dispatchDelay.count();
  }

  /** The nearest-rank percentile of the scheduled calls' dispatch delay, ms, or null without one. */
  public Double dispatchDelayPercentile(double p) {
    return dispatchDelay.percentile(p);
  }

  /** The nearest-rank percentile of the ok calls' send delay (start to request written), ms, or null without one. */
  public Double sendDelayPercentile(double p) {
    return sendDelay.percentile(p);
  }

  public long outputTokens() {
    return outputTokens;
  }

  public List<String> sampleErrors() {
    return List.copyOf(sampleErrors);
  }

  /** The group as it appears in llm-summary.json; windowSeconds is the measured window. */
  public Map<String, Object> summary(double windowSeconds) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("calls", calls);
    out.put("ok", ok);
    out.put("failed", failed());
    out.put("error_rate", calls == 0 ? null : Percentiles.round((double) failed() / calls));
    out.put("sample_errors", sampleErrors());
    out.put("output_tokens", outputTokens);
    out.put("requests_per_s", windowSeconds <= 0 ? null : Percentiles.round(ok / windowSeconds));
    out.put("throughput_output_tokens_per_s", windowSeconds <= 0 ? null : Percentiles.round(outputTokens / windowSeconds));
    out.put("ttft_ms", ttft.summary());
    out.put("ttfo_ms", ttfo.summary());
    out.put("e2e_ms", e2e.summary());
    out.put("tpot_ms", tpot.summary());
    out.put("itl_ms", itl.summary());
    out.put("output_tokens_per_s", rate.summary());
    out.put("send_delay_ms", sendDelay.summary());
    if (dispatchDelay.count() > 0) {
      out.put("queue_ms", queue.summary());
      out.put("dispatch_delay_ms", dispatchDelay.summary());
    }
    return out;
  }
}
