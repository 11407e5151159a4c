package io.llmload.gatling;

import io.llmload.config.LlmConfig;
import io.llmload.config.Redaction;
import io.llmload.run.RunDescription;
import io.llmload.target.Target;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What produced a run: the simulation, its label and start, the target, model and server version, and
 * the effective configuration (no secrets; the base URL redacted by {@link Redaction#url}). The summary's description and run.json are made from it.
 */
record RunOrigin(String label, String simulation, Instant started, String baseUrl, String targetKind,
                 String simulatorDescription, String model, String serverVersion, Map<String, String> config) {

  static RunOrigin of(String simulation, Instant started, LlmConfig config, Target target, String model,
                      String serverVersion) {
    return new RunOrigin(label(config, model), simulation, started, Redaction.url(target.describeUrls()), target.kind(),
        target.simulatorDescription(), model, serverVersion, config.effective());
  }

  /** llm.label, else {@code <model>-<users>u}, reduced to safe file-name characters. */
  static String label(LlmConfig config, String model) {
    if (config.label() != null) {
      return config.label().replaceAll("[^A-Za-z0-9._-]+", "_");
    }
    String shortModel = model == null ? "model" : model.substring(model.lastIndexOf('/') + 1);
    return (shortModel + "-" + config.users() + "u").replaceAll("[^A-Za-z0-9._-]+", "_");
  }

  RunDescription describe(Instant ended) {
    return new RunDescription(label, simulation, started, ended, baseUrl, targetKind, simulatorDescription, model,
        serverVersion, Versions.suite(), Versions.gatling(), config);
  }

  /** run.json's content. */
  Map<String, Object> runJson() {
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("label", label);
    run.put("simulation", simulation);
    run.put("started_at", started.toString());
    run.put("target", Map.of("base_url", baseUrl, "kind", targetKind, "simulator", String.valueOf(simulatorDescription)));
    run.put("model", model);
    run.put("server_version", serverVersion);
    run.put("suite_version", Versions.suite());
    run.put("gatling_version", Versions.gatling());
    run.put("java_version", System.getProperty("java.version"));
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "unknown";
    }
    run.put("host", host);
    run.put("cores", Runtime.getRuntime().availableProcessors());
    if (config.get("llm.shard") != null) {
      run.put("shard", config.get("llm.shard"));
    }
    if (config.get("llm.runId") != null) {
      run.put("run_id", config.get("llm.runId"));
    }
    run.put("config", config);
    return run;
  }
}
