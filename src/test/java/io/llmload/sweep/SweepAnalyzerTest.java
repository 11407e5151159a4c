package io.llmload.sweep;

import io.llmload.run.RunFiles;
import io.llmload.report.SweepChart;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmload.report.CompareHtmlReport;
import io.llmload.config.Settings;
import io.llmload.run.ServerMetricsRow;
import io.llmload.metrics.SloPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysis on a run folder written by hand, so every figure is known: two levels of 1 s hold (no
 * settle), origin at t = 10 000 ms; level_1 has calls of TTFT 100 ms, level_2 of TTFT 900 ms with 3
 * requests waiting on the server; the TTFT objective is 500 ms.
 */
class SweepAnalyzerTest {
  private static final long ORIGIN = 10_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SweepConfig config = SweepConfig.read(Settings.of(Map.of("llm.sweep.levels", "1,2",
      "llm.sweep.settleSeconds", "0", "llm.sweep.holdSeconds", "1")));
  private final SloPolicy slo = SloPolicy.read(Map.of("llm.slo.ttftMs", "500"));

  private static String call(int id, String tag, long start, long ttft, long e2e, int tokens) {
    // call_id,scenario,user,step,step_name,group_tag,start_ms,input_tokens,usage_prompt_tokens,requested_output_tokens,
    // output_tokens,usage_output_tokens,counted_output_tokens,token_events,ttft_ms,ttfo_ms,e2e_ms,tpot_ms,
    // output_tokens_per_s,itl_p50_ms,itl_p99_ms,itl_max_ms,http_status,finish_reason,ok,error,response_id
    return id + ",single," + id + ",0,heavy," + tag + "," + start + ",100,110," + tokens + "," + tokens + "," + tokens
        + "," + tokens + "," + tokens + "," + ttft + "," + ttft + "," + e2e + ",,,,,,200,length,true,,r" + id + ",,,,,"; // intended, queue, dispatch delay, sent, send delay: empty
  }

  private Path runDir(Path tmp) throws Exception {
    List<String> calls = new ArrayList<>();
    calls.add(String.join(",", io.llmload.run.CallsCsvWriter.COLUMNS));
    // level_1 [10 000, 11 000): two calls, both end inside the window, 10 tokens each, TTFT 100
    calls.add(call(1, "level_1", 10_000, 100, 400, 10));
    calls.add(call(2, "level_1", 10_400, 100, 400, 10));
    // level_2 [11 000, 12 000): two calls of TTFT 900; one ends in the window (20 tokens), one after it
    calls.add(call(3, "level_2", 11_000, 900, 950, 20));
    calls.add(call(4, "level_2", 11_500, 900, 1_000, 20));
    Files.write(tmp.resolve(RunFiles.CALLS), calls);
    Files.write(tmp.resolve(RunFiles.ITL), List.of("call_id,gaps_ms", "1,30 30", "2,30 40", "3,10 10", "4,10 90"));
    List<String> server = new ArrayList<>();
    server.add(ServerMetricsRow.HEADER);
    server.add("10500,0,2,0,0.1,,,0,,,,true,false");
    server.add("11200,0,2,3,0.3,,,5,,,,true,false");
    server.add("11700,0,2,3,0.5,,,7,,,,true,false");
    Files.write(tmp.resolve(RunFiles.SERVER_METRICS), server);
    return tmp;
  }

  @Test
  void everyLevelFigureAndTheKnee(@TempDir Path tmp) throws Exception {
    Map<String, Object> out = new SweepAnalyzer(config, SweepPlan.of(config), slo).analyze(runDir(tmp), ORIGIN, null, -1).toJson();
    JsonNode s = JSON.valueToTree(out);
    JsonNode l1 = s.path("levels").get(0);
    JsonNode l2 = s.path("levels").get(1);
    assertThat(l1.path("calls").asLong()).isEqualTo(2);
    assertThat(l1.path("output_tokens_per_s").asDouble()).isEqualTo(20.0);
    assertThat(l1.path("total_tokens_per_s").asDouble()).isEqualTo(240.0); // 2 × (10 + 110 prompt)
    assertThat(l1.path("requests_per_s").asDouble()).isEqualTo(2.0);
    assertThat(l1.path("achieved_concurrency").asDouble()).isEqualTo(0.8); // 400 + 400 ms in flight of 1000
    assertThat(l1.path("meets_slo").asBoolean()).isTrue();
    assertThat(l1.path("itl_ms").path("p95").asDouble()).isEqualTo(40.0);
    assertThat(l2.path("output_tokens_per_s").asDouble()).isEqualTo(20.0); // only call 3 ended in the window
    assertThat(l2.path("achieved_concurrency").asDouble()).isEqualTo(1.45); // 950 + 500 ms
    assertThat(l2.path("ttft_ms").path("p95").asDouble()).isEqualTo(900.0);
    assertThat(l2.path("slo_attainment").asDouble()).isZero();
    assertThat(l2.path("server").path("requests_waiting_mean").asDouble()).isEqualTo(3.0);
    assertThat(l2.path("server").path("kv_cache_usage_max").asDouble()).isEqualTo(0.5);
    assertThat(l2.path("server").path("preemptions").asDouble()).isEqualTo(2.0);
    assertThat(l1.path("server").path("preemptions").isNull()).as("one scrape: no increase to measure").isTrue();

    JsonNode knee = s.path("knee");
    assertThat(knee.path("status").asText()).isEqualTo("knee_found");
    assertThat(knee.path("level").asDouble()).isEqualTo(1.0);
    assertThat(knee.path("next_level").asDouble()).isEqualTo(2.0);
    assertThat(knee.path("broke_first").asText()).isEqualTo("ttft");
    assertThat(knee.path("cause").asText()).contains("p95 900 ms over its limit 500 ms").contains("queueing")
        .contains("3 requests waiting");
  }

  @Test
  void reportPageAndCompareDrawTheCurves(@TempDir Path tmp) throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    for (Path d : List.of(a, b)) {
      runDir(d);
      Files.writeString(d.resolve("llm-summary.json"), "{\"run\": {\"label\": \"" + d.getFileName() + "\"}, \"config\": {}}");
      JSON.writeValue(d.resolve(RunFiles.SWEEP_SUMMARY).toFile(),
          new SweepAnalyzer(config, SweepPlan.of(config), slo).analyze(d, ORIGIN, null, -1).toJson());
    }
    String section = SweepChart.section(SweepChart.read(a));
    assertThat(section).contains("Knee: 1 concurrent users").contains("class=\"slo-line\"")
        .contains("class=\"knee\"").contains("data-level=\"level_2\"");
    assertThat(section.split("<svg", -1)).hasSize(3);

    io.llmload.compare.RunData ra = io.llmload.compare.RunData.load(a);
    io.llmload.compare.RunData rb = io.llmload.compare.RunData.load(b);
    String html = CompareHtmlReport.sweeps(List.of(ra, rb));
    assertThat(html).contains("id=\"sweep-compare\"");
    assertThat(html.split("<polyline", -1)).hasSize(5); // two charts × two runs
    Files.delete(b.resolve(RunFiles.SWEEP_SUMMARY));
    assertThat(CompareHtmlReport.sweeps(List.of(ra, io.llmload.compare.RunData.load(b)))).isEmpty();
  }
}
