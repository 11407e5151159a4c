package io.llmload.run;

import java.time.Instant;
import java.util.Map;

/** What a run was: the "run" and "config" parts of llm-summary.json (no secrets). */
public record RunDescription(
    String label,
    String simulation,
    Instant startedAt,
    Instant endedAt,
    String baseUrl,
    String targetKind,
    String simulatorDescription,
    String model,
    String serverVersion,
    String suiteVersion,
    String gatlingVersion,
    Map<String, String> config) {
}
