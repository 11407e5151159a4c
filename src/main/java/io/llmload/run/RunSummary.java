package io.llmload.run;

import io.llmload.metrics.Numbers;
import io.llmload.metrics.Definitions;
import io.llmload.metrics.ServerText;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** llm-summary.json and the console summary: the same numbers, from the same maps. */
public final class RunSummary {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Map<String, Object> root;

  private RunSummary(Map<String, Object> root) {
    this.root = root;
  }

  public static RunSummary of(RunDescription info, RunRecorder recorder) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema", 1);
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("label", info.label());
    run.put("simulation", info.simulation());
    run.put("started_at", info.startedAt().toString());
    run.put("ended_at", info.endedAt().toString());
    run.put("duration_s", (info.endedAt().toEpochMilli() - info.startedAt().toEpochMilli()) / 1000.0);
    Map<String, Object> target = new LinkedHashMap<>();
    target.put("base_url", info.baseUrl());
    target.put("kind", info.targetKind());
    target.put("sim_profile", info.simulatorDescription());
    target.put("model", info.model());
    target.put("server_version", info.serverVersion());
    run.put("target", target);
    run.put("suite_version", info.suiteVersion());
    run.put("gatling_version", info.gatlingVersion());
    tagShard(run, info.config());
    root.put("run", run);
    root.put("config", info.config());
    root.put("definitions", Definitions.all());
    root.put("totals", recorder.totals());
    root.put("groups", recorder.groups());
    return new RunSummary(root);
  }

  /**
   * A run of several injectors: "shard" ("I/N", llm.shard) and "run_id" (llm.runId), each only when set, so
   * the merge can find the shards of one run.
   */
  static void tagShard(Map<String, Object> run, Map<String, String> config) {
    String shard = config.get("llm.shard");
    if (shard != null) {
      run.put("shard", shard);
    }
    String runId = config.get("llm.runId");
    if (runId != null) {
      run.put("run_id", runId);
    }
  }

  /** The whole summary as nested maps (for the report, assertions and tests). */
  public Map<String, Object> root() {
    return root;
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> group(String name) {
    return (Map<String, Object>) ((Map<String, Object>) root.get("groups")).get(name);
  }

  /** Adds or replaces a top-level section (server metrics, SLOs, client health, assertions). */
  public void put(String section, Object value) {
    root.put(section, value);
  }

  /** Writes dir/llm-summary.json, atomically replacing it ({@link AtomicFiles}). */
  public void write(Path dir) {
    AtomicFiles.write(dir.resolve(RunFiles.SUMMARY), out -> JSON.writeValue(out, root));
  }

  /** The console line of the "gpu" object: energy and its per-token, per-request figures, and its notes. */
  static String gpuLine(Map<?, ?> gpu) {
    StringBuilder sb = new StringBuilder();
    sb.append("\nGPU energy (").append(gpu.get("source")).append(", ").append(gpu.get("method")).append("): ")
        .append(gpu.get("gpus")).append(" GPU(s) over ").append(Numbers.rounded((Number) gpu.get("window_s"), 3))
        .append(" s: ").append(Numbers.rounded((Number) gpu.get("energy_j"), 1)).append(" J, average ")
        .append(Numbers.rounded((Number) gpu.get("avg_power_w"), 1)).append(" W | ")
        .append(Numbers.rounded((Number) gpu.get("joules_per_output_token"), 4)).append(" J/output token | ")
        .append(Numbers.rounded((Number) gpu.get("output_tokens_per_joule"), 4)).append(" output tokens/J | ")
        .append(Numbers.rounded((Number) gpu.get("joules_per_request"), 2)).append(" J/request\n");
    if (gpu.get("notes") instanceof List<?> notes) {
      for (Object n : notes) {
        sb.append("NOTE (GPU): ").append(n).append('\n');
      }
    }
    return sb.toString();
  }

  /** The seed's console summary, per group, with p99 and max, ITL and TTFO added. */
  @SuppressWarnings("unchecked")
  public String console() {
    StringBuilder sb = new StringBuilder();
    Map<String, Object> totals = (Map<String, Object>) root.get("totals");
    Map<String, Object> run = (Map<String, Object>) root.get("run");
    sb.append("\n================ LLM summary: ").append(run.get("label")).append(" ================\n");
    Map<String, Object> target = (Map<String, Object>) run.get("target");
    sb.append("target: ").append(target.get("kind")).append(' ').append(target.get("base_url"))
        .append(" | model: ").append(ServerText.clean(String.valueOf(target.get("model")))).append('\n');
    Map<String, Object> groups = (Map<String, Object>) root.get("groups");
    for (Map.Entry<String, Object> e : groups.entrySet()) {
      Map<String, Object> g = (Map<String, Object>) e.getValue();
      if (((Number) g.get("calls")).longValue() == 0) {
        continue;
      }
      sb.append("\n=== ").append(title(e.getKey())).append(" ===\n");
      sb.append("calls: ").append(g.get("calls")).append(" | ok: ").append(g.get("ok")).append(" | failed: ")
          .append(g.get("failed")).append('\n');
      List<String> errors = (List<String>) g.get("sample_errors");
      if (!errors.isEmpty()) {
        sb.append("sample errors: ").append(errors.stream().map(ServerText::clean).toList()).append('\n');
      }
      sb.append(String.format(Locale.ROOT, "%-14s %10s %10s %10s %10s%n", "", "p50", "p95", "p99", "max"));
      row(sb, "TTFT ms", g.get("ttft_ms"));
      row(sb, "TTFO ms", g.get("ttfo_ms"));
      row(sb, "E2E ms", g.get("e2e_ms"));
      row(sb, "TPOT ms", g.get("tpot_ms"));
      row(sb, "ITL ms", g.get("itl_ms"));
      row(sb, "Rate tok/s", g.get("output_tokens_per_s"));
      if (g.get("send_delay_ms") != null) {
        row(sb, "Send delay ms", g.get("send_delay_ms"));
      }
      if (g.get("queue_ms") != null) {
        row(sb, "Queue ms", g.get("queue_ms"));
        row(sb, "Dispatch ms", g.get("dispatch_delay_ms"));
      }
      if (promptTokens(e.getKey()) instanceof Map<?, ?> p) {
        sb.append("prompt tokens (mean): requested ").append(p.get("requested_mean")).append(" | server ")
            .append(p.get("server_mean")).append(" | difference ").append(Numbers.fixed((Number) p.get("difference_pct"), 2, "-"))
            .append(" %\n");
      }
    }
    if (root.get("prompt_tokens") instanceof Map<?, ?> prompts) {
      List<String> off = new java.util.ArrayList<>();
      prompts.forEach((group, p) -> {
        if (p instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("warning"))) {
          off.add(group + " " + Numbers.fixed((Number) m.get("difference_pct"), 2, "-") + " %");
        }
      });
      if (!off.isEmpty()) {
        sb.append("\nWARNING: the server's usage.prompt_tokens differs from the requested prompt sizes by more than"
            + " 1 % (").append(String.join(", ", off)).append("): the model's tokenizer or chat template differs from"
            + " the encoding; -Dllm.tokenizer=server sizes prompts with the server's own\n");
      }
    }
    Object health = root.get("client_health");
    if (health instanceof Map<?, ?> h && h.get("warnings") instanceof List<?> warnings) {
      for (Object w : warnings) {
        sb.append("\nWARNING (client): ").append(w).append('\n');
      }
    }
    if (health instanceof Map<?, ?> h && h.get("notes") instanceof List<?> notes) {
      for (Object n : notes) {
        sb.append("\nnote (client): ").append(n).append('\n');
      }
    }
    if (totals.get("behind_schedule") instanceof String behind) {
      sb.append("\nWARNING (schedule): ").append(behind).append('\n');
    }
    if (totals.get("csv_rows_lost") instanceof Number lost && lost.longValue() > 0) {
      sb.append("\nWARNING: ").append(lost).append(" rows of ").append(RunFiles.CALLS).append(" / ")
          .append(RunFiles.ITL).append(" could not be written (disk full?): the figures above count those calls,"
              + " the CSV files lack them\n");
    }
    if (root.get("gpu") instanceof Map<?, ?> gpu) {
      sb.append(gpuLine(gpu));
    }
    sb.append("\ntotal output tokens: ").append(totals.get("output_tokens")).append(" in ").append(totals.get("window_s"))
        .append(" s = ").append(totals.get("output_tokens_per_s")).append(" output tokens/s\n");
    return sb.toString();
  }

  private Object promptTokens(String group) {
    return root.get("prompt_tokens") instanceof Map<?, ?> prompts ? prompts.get(group) : null;
  }

  @SuppressWarnings("unchecked")
  private static void row(StringBuilder sb, String name, Object stats) {
    Map<String, Object> s = (Map<String, Object>) stats;
    sb.append(String.format(Locale.ROOT, "%-14s %10s %10s %10s %10s%n", name, Numbers.fixed((Number) s.get("p50"), 1, "-"), Numbers.fixed((Number) s.get("p95"), 1, "-"),
        Numbers.fixed((Number) s.get("p99"), 1, "-"), Numbers.fixed((Number) s.get("max"), 1, "-")));
  }

  private static String title(String group) {
    return switch (group) {
      case "overall" -> "Overall";
      case "single" -> "Single heavy calls";
      case "agent" -> "Agent flow (all steps)";
      case "conversation" -> "Conversations (all turns)";
      default -> group.startsWith("agent_step_") ? "Agent step " + group.substring(11)
          : group.startsWith("turn_") ? "Conversation turn " + group.substring(5) : group;
    };
  }
}
