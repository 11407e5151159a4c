package io.llmload.report;

import io.llmload.run.RunInfo;
import io.llmload.servermetrics.ServerWindow;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A synthetic but realistic run folder written in the formats of docs/data-path.md: 100 single calls
 * (7k-10k input tokens) and 40 agent sessions of 5 steps, 20 users over ~60 s, TTFT growing with input
 * length, ~10 ms ITL, 3 failed calls, server-metrics.csv at 1 s, run.json, and an llm-summary.json whose
 * group figures are computed here (nearest rank) from the very calls written, so tests know every value.
 */
final class ReportFixture {
  static final long T0 = 1_750_000_000_000L;
  static final String HOSTILE_LABEL =
      "nightly <b>&amp;</b> \"q\" </script><script>document.documentElement.setAttribute('data-pwned','1')</script>";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  record FixtureCall(int id, String scenario, int user, int step, String stepName, long start, int input,
      int requested, int output, Integer ttft, Integer e2e, int[] gaps, boolean ok, int status, String error) {
    Double tpot() {
      return ttft == null || e2e == null || output < 2 ? null : (e2e - ttft) / (double) (output - 1);
    }

    Double rate() {
      return ttft == null || e2e == null || e2e.equals(ttft) ? null : output / ((e2e - ttft) / 1000.0);
    }

    List<String> groups() {
      List<String> g = new ArrayList<>(List.of("overall", scenario));
      if (step > 0) {
        g.add("agent_step_" + step);
      }
      return g;
    }
  }

  final List<FixtureCall> calls = new ArrayList<>();
  final Map<String, Object> summary = new LinkedHashMap<>();

  ReportFixture(int singleCalls, int agentSessions, long seed) {
    Random rnd = new Random(seed);
    int id = 1;
    for (int i = 0; i < singleCalls; i++) {
      long start = T0 + (long) (rnd.nextDouble() * 60_000);
      calls.add(call(rnd, id++, "single", i % 20, 0, "heavy", start, 7000 + rnd.nextInt(3000), i % 37 == 5));
    }
    String[] names = {"plan", "retrieve", "reason", "synthesize", "finalize"};
    for (int s = 0; s < agentSessions; s++) {
      long start = T0 + (long) (rnd.nextDouble() * 50_000);
      for (int step = 1; step <= 5; step++) {
        FixtureCall c = call(rnd, id++, "agent", s % 20, step, names[step - 1], start,
            1000 + rnd.nextInt(5000), false);
        calls.add(c);
        start = c.start() + (c.e2e() == null ? 100 : c.e2e()) + 50;
      }
    }
    calls.sort((a, b) -> Long.compare(a.start(), b.start()));
  }

  private static FixtureCall call(Random rnd, int id, String scenario, int user, int step, String stepName,
      long start, int input, boolean fail) {
    int requested = 100 + rnd.nextInt(300);
    if (fail) {
      return new FixtureCall(id, scenario, user, step, stepName, start, input, requested, 0, null, null, new int[0],
          false, 503, "HTTP 503: server overloaded, \"retry\" later");
    }
    int ttft = 150 + input / 100 + rnd.nextInt(40);
    int[] gaps = new int[requested - 1];
    int sum = 0;
    for (int i = 0; i < gaps.length; i++) {
      gaps[i] = 8 + rnd.nextInt(5) + (rnd.nextInt(100) == 0 ? 40 : 0);
      sum += gaps[i];
    }
    return new FixtureCall(id, scenario, user, step, stepName, start, input, requested, requested, ttft, ttft + sum,
        gaps, true, 200, null);
  }

  /** Nearest-rank percentile, the definition the summary uses. */
  static Double nearestRank(double[] sorted, double p) {
    if (sorted.length == 0) {
      return null;
    }
    return io.llmload.metrics.Percentiles.nearestRank(sorted, p);
  }

  static Map<String, Object> dist(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("count", v.length);
    for (int p : new int[] {50, 90, 95, 99}) {
      d.put("p" + p, nearestRank(v, p));
    }
    d.put("mean", v.length == 0 ? null : Math.round(Arrays.stream(v).average().orElse(0) * 1000) / 1000.0);
    d.put("max", v.length == 0 ? null : v[v.length - 1]);
    return d;
  }

  /** Writes the run folder; {@code withOptional} adds llm-itl.csv, server-metrics.csv and run.json. */
  Path write(Path dir, String label, boolean withOptional) throws IOException {
    Files.createDirectories(dir);
    StringBuilder csv = new StringBuilder("call_id,scenario,user,step,step_name,group_tag,start_ms,input_tokens,"
        + "usage_prompt_tokens,requested_output_tokens,output_tokens,usage_output_tokens,counted_output_tokens,"
        + "token_events,ttft_ms,ttfo_ms,e2e_ms,tpot_ms,output_tokens_per_s,itl_p50_ms,itl_p99_ms,itl_max_ms,"
        + "http_status,finish_reason,ok,error\n");
    StringBuilder itl = new StringBuilder("call_id,gaps_ms\n");
    for (FixtureCall c : calls) {
      int[] sorted = c.gaps().clone();
      Arrays.sort(sorted);
      csv.append(String.join(",", List.of(
          "" + c.id(), c.scenario(), "" + c.user(), "" + c.step(), c.stepName(), "", "" + c.start(), "" + c.input(),
          c.ok() ? "" + c.input() : "", "" + c.requested(), "" + c.output(), c.ok() ? "" + c.output() : "",
          c.ok() ? "" + c.output() : "", "" + (c.ok() ? c.output() : 0), str(c.ttft()), str(c.ttft()), str(c.e2e()),
          c.tpot() == null ? "" : String.format(java.util.Locale.ROOT, "%.3f", c.tpot()),
          c.rate() == null ? "" : String.format(java.util.Locale.ROOT, "%.3f", c.rate()),
          sorted.length == 0 ? "" : "" + sorted[sorted.length / 2], sorted.length == 0 ? "" : "" + sorted[sorted.length * 99 / 100],
          sorted.length == 0 ? "" : "" + sorted[sorted.length - 1], "" + c.status(), c.ok() ? "length" : "",
          "" + c.ok(), c.error() == null ? "" : '"' + c.error().replace("\"", "\"\"") + '"'))).append('\n');
      if (c.ok()) {
        StringBuilder g = new StringBuilder();
        for (int gap : c.gaps()) {
          g.append(g.length() == 0 ? "" : " ").append(gap);
        }
        itl.append(c.id()).append(',').append(g).append('\n');
      }
    }
    Files.writeString(dir.resolve("llm-calls.csv"), csv, StandardCharsets.UTF_8);
    if (withOptional) {
      Files.writeString(dir.resolve("llm-itl.csv"), itl, StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("server-metrics.csv"), serverMetrics(), StandardCharsets.UTF_8);
      RunInfo.write(dir, Map.of("host", "loadgen-1", "java_version", "17.0.13", "users", 20,
          "api_key", "sk-should-never-appear"));
    }
    buildSummary(label, withOptional);
    JSON.writeValue(dir.resolve("llm-summary.json").toFile(), summary);
    return dir;
  }

  private String serverMetrics() {
    long end = calls.stream().filter(c -> c.e2e() != null).mapToLong(c -> c.start() + c.e2e()).max().orElse(T0);
    StringBuilder sb = new StringBuilder("time_ms,url_index,requests_running,requests_waiting,kv_cache_usage_perc,"
        + "prompt_tokens_per_s,generation_tokens_per_s,preemptions_total,preemptions_per_s,prefix_cache_hit_rate,"
        + "requests_success_total,scrape_ok\n");
    int done = 0;
    for (long t = T0 - 2000; t <= end + 3000; t += 1000) {
      int running = 0;
      double gen = 0;
      for (FixtureCall c : calls) {
        if (c.e2e() != null && c.start() <= t && t < c.start() + c.e2e()) {
          running++;
          gen += 100; // ~10 ms per token
        }
        if (c.e2e() != null && c.start() + c.e2e() <= t && c.start() + c.e2e() > t - 1000) {
          done++;
        }
      }
      boolean scrapeOk = t != T0 + 10_000; // one failed scrape
      sb.append(t).append(",0,").append(scrapeOk ? running : "").append(',').append(scrapeOk ? Math.max(0, running - 25) : "")
          .append(',').append(scrapeOk ? String.format(java.util.Locale.ROOT, "%.4f", Math.min(1.0, running * 0.02)) : "")
          .append(",5000.0,").append(scrapeOk ? gen : "").append(",0,0.0,0.12,").append(done).append(',')
          .append(scrapeOk).append('\n');
    }
    return sb.toString();
  }

  private static String str(Integer v) {
    return v == null ? "" : v.toString();
  }

  double[] values(String group, java.util.function.Function<FixtureCall, Number> f) {
    return calls.stream().filter(c -> c.groups().contains(group)).map(f).filter(v -> v != null)
        .mapToDouble(Number::doubleValue).toArray();
  }

  private void buildSummary(String label, boolean withOptional) {
    summary.clear();
    summary.put("schema", 1);
    Map<String, Object> target = new LinkedHashMap<>();
    target.put("base_url", "http://127.0.0.1:8000/v1");
    target.put("kind", "simulator");
    target.put("sim_profile", "h100-llama8b");
    target.put("model", "meta-llama/Llama-3.1-8B-Instruct");
    target.put("server_version", "0.11.0");
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("label", label);
    run.put("simulation", "io.llmload.simulations.MixedWorkloadSimulation");
    run.put("started_at", "2025-06-15T15:06:40Z");
    run.put("ended_at", "2025-06-15T15:07:52Z");
    run.put("duration_s", 72.4);
    run.put("target", target);
    run.put("suite_version", "0.1.0-SNAPSHOT");
    run.put("gatling_version", "3.15.1");
    summary.put("run", run);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("llm.users", 20);
    config.put("llm.duration", "60s");
    config.put("llm.model", "meta-llama/Llama-3.1-8B-Instruct");
    config.put("llm.single.input_tokens", "7000-10000");
    config.put("llm.note", "</script><img src=x onerror=alert(1)>");
    summary.put("config", config);
    Map<String, Object> defs = new LinkedHashMap<>();
    defs.put("ttft_ms", "first token-bearing event (content, reasoning or tool call) − start");
    defs.put("ttfo_ms", "first content token − start (reasoning excluded)");
    defs.put("e2e_ms", "last event − start");
    defs.put("tpot_ms", "(e2e − ttft) / (output_tokens − 1)");
    defs.put("itl_ms", "gaps between successive token-bearing events, pooled over calls");
    defs.put("output_tokens_per_s", "output_tokens / (e2e − ttft) × 1000");
    summary.put("definitions", defs);
    long ok = calls.stream().filter(FixtureCall::ok).count();
    long out = calls.stream().mapToLong(FixtureCall::output).sum();
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("calls", calls.size());
    totals.put("ok", ok);
    totals.put("failed", calls.size() - ok);
    totals.put("input_tokens", calls.stream().mapToLong(FixtureCall::input).sum());
    totals.put("output_tokens", out);
    totals.put("window_s", 72.4);
    totals.put("output_tokens_per_s", Math.round(out / 72.4 * 10) / 10.0);
    totals.put("requests_per_s", Math.round(calls.size() / 72.4 * 100) / 100.0);
    summary.put("totals", totals);
    Map<String, Object> health = new LinkedHashMap<>();
    health.put("event_loop_late_max_ms", 250);
    health.put("cpu_saturated", false);
    health.put("warnings", List.of("12 calls' TTFT may be late by up to 40 ms: the client paused at T+31.2 s for 40 ms;"
        + " the 12 calls: 3, 17 (llm-calls.csv column client_pause_ms)"));
    summary.put("client_health", health);
    summary.put("assertions", List.of(
        Map.of("name", "error rate < 5 %", "passed", true, "message", "1.0 %"),
        Map.of("name", "TTFT p95 < 250 ms", "passed", false, "message", "TTFT p95 was 262 ms")));
    Map<String, Object> groups = new LinkedHashMap<>();
    for (String g : List.of("overall", "single", "agent", "agent_step_1", "agent_step_2", "agent_step_3",
        "agent_step_4", "agent_step_5")) {
      List<FixtureCall> in = calls.stream().filter(c -> c.groups().contains(g)).toList();
      long gok = in.stream().filter(FixtureCall::ok).count();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("calls", in.size());
      m.put("ok", gok);
      m.put("failed", in.size() - gok);
      m.put("error_rate", in.isEmpty() ? null : (in.size() - gok) / (double) in.size());
      m.put("sample_errors", in.stream().filter(c -> !c.ok()).map(FixtureCall::error).distinct().limit(3).toList());
      m.put("output_tokens", in.stream().mapToLong(FixtureCall::output).sum());
      m.put("requests_per_s", Math.round(in.size() / 72.4 * 100) / 100.0);
      m.put("throughput_output_tokens_per_s", Math.round(in.stream().mapToLong(FixtureCall::output).sum() / 72.4 * 10) / 10.0);
      m.put("ttft_ms", dist(values(g, FixtureCall::ttft)));
      m.put("ttfo_ms", dist(values(g, FixtureCall::ttft)));
      m.put("e2e_ms", dist(values(g, FixtureCall::e2e)));
      m.put("tpot_ms", dist(values(g, FixtureCall::tpot)));
      m.put("itl_ms", dist(in.stream().flatMapToInt(c -> Arrays.stream(c.gaps())).asDoubleStream().toArray()));
      m.put("output_tokens_per_s", dist(values(g, FixtureCall::rate)));
      groups.put(g, m);
    }
    summary.put("groups", groups);
    if (withOptional) {
      Map<String, Object> slo = new LinkedHashMap<>();
      slo.put("targets", Map.of("ttft_ms", 250, "tpot_ms", 15));
      Map<String, Object> sloGroups = new LinkedHashMap<>();
      sloGroups.put("overall", Map.of("attainment", 0.82, "goodput_per_s", 3.4));
      sloGroups.put("single", Map.of("attainment", 0.31, "goodput_per_s", 0.43));
      summary.put("slo", sloGroups.isEmpty() ? slo : Map.of("targets", slo.get("targets"), "groups", sloGroups));
      // the server part as the suite writes it (ServerWindow.asMap), with TTFT p95 240 ms on the server
      Map<String, ServerWindow.LatencyWindow> latency = new LinkedHashMap<>();
      latency.put("ttft_ms", new ServerWindow.LatencyWindow("vllm:time_to_first_token_seconds", 297, 185.0, 180.0,
          230.0, 240.0, 250.0));
      latency.put("itl_ms", new ServerWindow.LatencyWindow("vllm:inter_token_latency_seconds", 70_000, 10.2, 9.0,
          11.0, 12.0, 40.0));
      latency.put("tpot_ms", null);
      latency.put("e2e_ms", new ServerWindow.LatencyWindow("vllm:e2e_request_latency_seconds", 297, 2600.0, 2500.0,
          3600.0, 3800.0, 4000.0));
      latency.put("queue_ms", new ServerWindow.LatencyWindow("vllm:request_queue_time_seconds", 297, 4.1, 2.0, 8.0,
          12.5, 30.0));
      latency.put("prefill_ms", new ServerWindow.LatencyWindow("vllm:request_prefill_time_seconds", 0, null, null,
          null, null, null));
      ServerWindow window = new ServerWindow(true, 1, 36, 0, null, T0 - 1_000, T0 + 71_000, 72.0, 1_500_000L,
          out, 20_833.3, out / 72.0, 0L, 297L, 36L, 0.12, 297L, Map.of("length", 297L), 14.0, 3.0, 0.4231,
          latency, List.of());
      Map<String, Object> server = window.asMap();
      summary.put("server", server);
    }
  }
}
