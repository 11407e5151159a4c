package io.llmload.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmload.metrics.Numbers;
import io.llmload.run.RunFolder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A configuration's headline figures, as its run's llm-summary.json gives them (the overall group and the run's
 * totals: the same numbers the report page and the archive index show), plus its SLO outcome and, when GPU energy
 * was measured, output tokens per joule. Null is "not measured".
 *
 * @param sloActive  the run judged SLOs (its summary has an "slo" section)
 * @param goodputPerS good calls per second over the run's window; without SLOs the ok calls' rate
 * @param sloMet     every objective of the overall group held at the SLO percentile (null without SLOs)
 * @param broken     the objectives that did not hold, e.g. "ttft p95 812 ms > 500 ms"
 */
public record Headline(String model, Long calls, Long ok, Long failed, Double errorRate, Double outputTokensPerS,
                       Double requestsPerS, Double ttftP50Ms, Double ttftP95Ms, Double tpotP95Ms, Double e2eP95Ms,
                       Double itlP95Ms, boolean sloActive, Double goodputPerS, Double sloAttainment, Boolean sloMet,
                       List<String> broken, Double tokensPerJoule) {

  public static Headline of(RunFolder run) {
    JsonNode s = run.summary();
    if (s == null) {
      return null;
    }
    JsonNode totals = s.path("totals");
    JsonNode overall = s.path("groups").path("overall");
    JsonNode slo = s.path("slo");
    JsonNode sloOverall = slo.path("groups").path("overall");
    boolean active = slo.isObject();
    List<String> broken = new ArrayList<>();
    if (active) {
      for (Iterator<Map.Entry<String, JsonNode>> it = sloOverall.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String k = e.getKey();
        if (k.endsWith("_met") && !k.equals("all_met") && !e.getValue().asBoolean(true)) {
          String metric = k.substring(0, k.length() - "_met".length());
          String value = null;
          for (Iterator<String> names = sloOverall.fieldNames(); names.hasNext(); ) {
            String n = names.next();
            if (n.startsWith(metric + "_p") && n.endsWith("_ms")) {
              value = n.substring(metric.length() + 1, n.length() - 3) + " "
                  + Numbers.rounded(number(sloOverall.path(n)), 1) + " ms";
            }
          }
          broken.add(metric + " " + (value == null ? "not measured" : value) + " > "
              + Numbers.rounded(number(sloOverall.path(metric + "_limit_ms")), 1) + " ms");
        }
      }
    }
    Double goodput = active ? number(sloOverall.path("goodput_per_s")) : number(totals.path("requests_per_s"));
    return new Headline(text(s.path("run").path("target").path("model")), integer(totals.path("calls")),
        integer(totals.path("ok")), integer(totals.path("failed")), number(overall.path("error_rate")),
        number(totals.path("output_tokens_per_s")), number(totals.path("requests_per_s")),
        number(overall.path("ttft_ms").path("p50")), number(overall.path("ttft_ms").path("p95")),
        number(overall.path("tpot_ms").path("p95")), number(overall.path("e2e_ms").path("p95")),
        number(overall.path("itl_ms").path("p95")), active, goodput,
        active ? number(sloOverall.path("attainment")) : null,
        active ? (sloOverall.path("all_met").isBoolean() ? sloOverall.path("all_met").asBoolean() : null) : null,
        List.copyOf(broken), outputTokensPerJoule(run));
  }

  /**
   * Output tokens per joule from the summary's "gpu" section (absent when no GPU source was given: null). The one
   * place the matrix reads GPU energy.
   */
  static Double outputTokensPerJoule(RunFolder run) {
    return run.gpu().map(io.llmload.run.GpuFigures::outputTokensPerJoule).orElse(null);
  }

  static Double number(JsonNode n) {
    return n != null && n.isNumber() ? n.asDouble() : null;
  }

  private static Long integer(JsonNode n) {
    return n != null && n.isNumber() ? n.asLong() : null;
  }

  private static String text(JsonNode n) {
    return n == null || n.isMissingNode() || n.isNull() ? null : n.asText();
  }
}
