package io.llmload.run;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The "run" part of llm-summary.json as written from {@link RunDescription}; null where the key is
 * absent, null or blank.
 *
 * @param durationS run.duration_s when it is a positive number, else null
 * @param shard     run.shard, "I/N" for one injector's part of a run of several (llm.shard), else null
 * @param runId     run.run_id (llm.runId), else null
 */
public record SummaryRun(
    String label,
    String simulation,
    String startedAt,
    String endedAt,
    Double durationS,
    String baseUrl,
    String targetKind,
    String simProfile,
    String model,
    String serverVersion,
    String suiteVersion,
    String gatlingVersion,
    String shard,
    String runId) {

  static SummaryRun of(JsonNode run) {
    JsonNode target = run.path("target");
    JsonNode d = run.path("duration_s");
    return new SummaryRun(text(run.path("label")), text(run.path("simulation")), text(run.path("started_at")),
        text(run.path("ended_at")), d.isNumber() && d.asDouble() > 0 ? d.asDouble() : null,
        text(target.path("base_url")), text(target.path("kind")), text(target.path("sim_profile")),
        text(target.path("model")), text(target.path("server_version")), text(run.path("suite_version")),
        text(run.path("gatling_version")), text(run.path("shard")), text(run.path("run_id")));
  }

  private static String text(JsonNode n) {
    return n.isMissingNode() || n.isNull() || n.isContainerNode() || n.asText().isBlank() ? null : n.asText();
  }
}
