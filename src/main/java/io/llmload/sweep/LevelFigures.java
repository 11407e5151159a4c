package io.llmload.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The measured figures of one level, as {@link LevelMeasurer} defines them. Rates and ratios are rounded as
 * written; {@code errorRate} and {@code sloAttainment} are null when the level has no calls.
 */
public record LevelFigures(long calls, long failed, Double errorRate, List<String> sampleErrors,
                           double achievedConcurrency, double requestsPerS, double outputTokensPerS,
                           double totalTokensPerS, double goodputPerS, Double sloAttainment, Latency ttft,
                           Latency ttfo, Latency tpot, Latency itl, Latency e2e, ServerFigures server) {

  public long ok() {
    return calls - failed;
  }

  Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("calls", calls);
    m.put("ok", ok());
    m.put("failed", failed);
    m.put("error_rate", errorRate);
    m.put("sample_errors", sampleErrors);
    m.put("achieved_concurrency", achievedConcurrency);
    m.put("requests_per_s", requestsPerS);
    m.put("output_tokens_per_s", outputTokensPerS);
    m.put("total_tokens_per_s", totalTokensPerS);
    m.put("goodput_per_s", goodputPerS);
    m.put("slo_attainment", sloAttainment);
    m.put("ttft_ms", ttft.json());
    m.put("ttfo_ms", ttfo.json());
    m.put("tpot_ms", tpot.json());
    m.put("itl_ms", itl.json());
    m.put("e2e_ms", e2e.json());
    m.put("server", server.json());
    return m;
  }
}
