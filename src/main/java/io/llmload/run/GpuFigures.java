package io.llmload.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The root "gpu" object of llm-summary.json as compare, the report and the server matrix read it
 * ({@link RunFolder#gpu()}); a key absent or null reads as null ("no figure"). Definitions:
 * io.llmload.metrics.Definitions#gpu().
 *
 * @param source "url" (dcgm-exporter) or "file" (nvidia-smi)
 * @param method "energy_counter", "power_integral" or "mixed"
 */
public record GpuFigures(String source, String method, Integer gpus, Double windowS, Double energyJ,
                         Double avgPowerW, Double joulesPerOutputToken, Double joulesPerRequest,
                         Double outputTokensPerJoule, List<PerGpu> perGpu, List<String> notes) {

  /** One GPU of "per_gpu". */
  public record PerGpu(String gpu, Integer urlIndex, String uuid, String method, Double energyJ, Double avgPowerW,
                       Double utilAvg, Long memUsedMaxBytes) {
  }

  public GpuFigures {
    perGpu = List.copyOf(perGpu);
    notes = List.copyOf(notes);
  }

  /** The figures of a summary, empty when it has no "gpu" object. */
  static Optional<GpuFigures> of(JsonNode summary) {
    JsonNode g = summary == null ? null : summary.get("gpu");
    if (g == null || !g.isObject()) {
      return Optional.empty();
    }
    List<PerGpu> per = new ArrayList<>();
    for (JsonNode p : g.path("per_gpu")) {
      per.add(new PerGpu(text(p.get("gpu")), integer(p.get("url_index")), text(p.get("uuid")), text(p.get("method")),
          number(p.get("energy_j")), number(p.get("avg_power_w")), number(p.get("util_avg")),
          p.hasNonNull("mem_used_max_bytes") && p.get("mem_used_max_bytes").isNumber()
              ? p.get("mem_used_max_bytes").asLong() : null));
    }
    List<String> notes = new ArrayList<>();
    for (JsonNode n : g.path("notes")) {
      notes.add(n.asText());
    }
    return Optional.of(new GpuFigures(text(g.get("source")), text(g.get("method")), integer(g.get("gpus")),
        number(g.get("window_s")), number(g.get("energy_j")), number(g.get("avg_power_w")),
        number(g.get("joules_per_output_token")), number(g.get("joules_per_request")),
        number(g.get("output_tokens_per_joule")), per, notes));
  }

  private static Double number(JsonNode n) {
    return n != null && n.isNumber() ? n.asDouble() : null;
  }

  private static Integer integer(JsonNode n) {
    return n != null && n.isNumber() ? n.asInt() : null;
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
  }
}
