package io.llmload.run;

import io.llmload.csv.CsvFormatException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmload.metrics.CallResult;
import io.llmload.metrics.SloPolicy;
import io.llmload.workload.CallSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {
  @TempDir
  Path dir;

  private static final CallResult HEAVY = new CallResult(
      new CallSpec(7, "single", 3, 0, "heavy", null, 8000, 10), 1_700_000_000_000L, 8012, 10, 10, 9,
      120L, 118L, 1030L, new int[] {100, 90, 110, 100, 100, 100, 100, 100, 110}, 200, "length", true, null,
      "ten tokens", "ten tokens", "chatcmpl-7").withSend(new io.llmload.metrics.CallSend(1_700_000_000_000.4567, 0.4567));
  private static final CallResult AGENT = new CallResult(
      new CallSpec(11, "agent", 4, 3, "reason", "level_16", 900, 5), 1_700_000_000_500L, null, null, 1, 1,
      200L, null, 200L, new int[0], 200, "stop", true, null, "x", "x", null);
  private static final CallResult FAILED = new CallResult(
      new CallSpec(12, "agent", 4, 4, "synthesize", "level_16", 900, 5), 1_700_000_001_000L, null, null, 0, 0,
      null, null, null, new int[0], 0, null, false, "timeout, after \"30 s\"\nthen closed", "", "", null);

  private Path written() {
    Path run = dir.resolve("run");
    RunRecorder recorder = new RunRecorder(run, text -> text.length(), SloPolicy.none());
    recorder.record(HEAVY, null);
    recorder.record(AGENT, null);
    recorder.record(FAILED, null);
    recorder.close();
    Map<String, String> config = new LinkedHashMap<>();
    config.put("llm.users", "4");
    config.put("llm.model", "m-config");
    RunSummary.of(new RunDescription("nightly", "LlmSimulation", Instant.parse("2026-01-01T00:00:00Z"),
        Instant.parse("2026-01-01T00:01:30Z"), "http://localhost:8000", "simulator", "fast", "m-1", "0.9",
        "1.0", "3.15.1", config), recorder).write(run);
    return run;
  }

  @Test
  void everyColumnOfWhatTheRecorderWroteReadsBack() {
    List<CallRow> calls = RunFolder.open(written()).calls();
    assertThat(calls).hasSize(3);
    assertThat(calls.get(0)).isEqualTo(new CallRow(7, "single", 3L, 0, "heavy", null, 1_700_000_000_000L, 8000L,
        8012L, 10L, 10L, 10L, 10L, 9L, 120.0, 118.0, 1030.0, 101.111, 10.989, 100.0, 110.0, 110.0, 200, "length",
        true, null, "chatcmpl-7", null, 1_700_000_000_000.457, 0.457, null));
    assertThat(calls.get(1)).isEqualTo(new CallRow(11, "agent", 4L, 3, "reason", "level_16", 1_700_000_000_500L,
        900L, null, 5L, 1L, null, 1L, 1L, 200.0, null, 200.0, null, null, null, null, null, 200, "stop", true, null,
        null));
    CallRow failed = calls.get(2);
    assertThat(failed.ok()).isFalse();
    assertThat(failed.error()).isEqualTo("timeout, after \"30 s\"\nthen closed");
    assertThat(failed.ttftMs()).isNull();
    assertThat(failed.countedOutputTokens()).isNull(); // nothing streamed: not counted
    assertThat(failed.endMs()).isNull();
    assertThat(calls.get(0).endMs()).isEqualTo(1_700_000_001_030L);
  }

  @Test
  void itlRowsStreamOnePerOkCallWithGaps() {
    List<Long> ids = new ArrayList<>();
    List<double[]> gaps = new ArrayList<>();
    RunFolder.open(written()).forEachItl((id, g) -> {
      ids.add(id);
      gaps.add(g);
    });
    assertThat(ids).containsExactly(7L);
    assertThat(gaps.get(0)).containsExactly(100, 90, 110, 100, 100, 100, 100, 100, 110);
  }

  @Test
  void summaryRunAndConfigAreTyped() {
    RunFolder folder = RunFolder.open(written());
    SummaryRun run = folder.summaryRun();
    assertThat(run.label()).isEqualTo("nightly");
    assertThat(run.durationS()).isEqualTo(90.0);
    assertThat(run.model()).isEqualTo("m-1");
    assertThat(run.targetKind()).isEqualTo("simulator");
    assertThat(run.startedAt()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(folder.config()).containsEntry("llm.users", "4").containsEntry("llm.model", "m-config");
    assertThat(folder.summary().path("groups").has("agent_step_3")).isTrue();
  }

  @Test
  void aMalformedCallRowNamesFileLineAndColumn() throws Exception {
    Path run = written();
    List<String> lines = new ArrayList<>(Files.readAllLines(run.resolve(RunFiles.CALLS)));
    lines.set(1, lines.get(1).replace(",120,118,", ",fast,118,"));
    Files.write(run.resolve(RunFiles.CALLS), lines);
    assertThatThrownBy(() -> RunFolder.open(run).calls()).isInstanceOf(CsvFormatException.class)
        .hasMessageContaining(RunFiles.CALLS + " line 2, column 'ttft_ms': 'fast' is not a number");
  }

  @Test
  void aBadItlTokenNamesFileLineAndColumn() throws Exception {
    Path run = written();
    Files.writeString(run.resolve(RunFiles.ITL), "call_id,gaps_ms\n7,10 12.5 3\n8,10 -4 7\n");
    assertThatThrownBy(() -> RunFolder.open(run).forEachItl((id, g) -> { }))
        .isInstanceOf(CsvFormatException.class)
        .hasMessageContaining(RunFiles.ITL + " line 3, column 'gaps_ms': '-4' is not a number of milliseconds");
    for (String bad : new String[] {"1e3", "5.", ".5", "x", "NaN"}) {
      Files.writeString(run.resolve(RunFiles.ITL), "call_id,gaps_ms\n7,1 " + bad + "\n");
      assertThatThrownBy(() -> RunFolder.open(run).forEachItl((id, g) -> { })).as(bad)
          .hasMessageContaining("'" + bad + "' is not a number");
    }
  }

  @Test
  void decimalGapsAndExtraSpacesRead() throws Exception {
    Path run = written();
    Files.writeString(run.resolve(RunFiles.ITL), "call_id,gaps_ms\n7, 10  12.5 3 \n8,\n");
    List<double[]> gaps = new ArrayList<>();
    RunFolder.open(run).forEachItl((id, g) -> gaps.add(g));
    assertThat(gaps.get(0)).containsExactly(10, 12.5, 3);
    assertThat(gaps.get(1)).isEmpty();
  }

  @Test
  void missingFolderFilesAndInvalidJsonAreNamed() throws Exception {
    assertThatThrownBy(() -> RunFolder.open(dir.resolve("nope"))).isInstanceOf(RunFolderException.class)
        .hasMessageContaining("nope").hasMessageContaining("does not exist");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    RunFolder folder = RunFolder.open(empty);
    assertThat(folder.summary()).isNull();
    assertThat(folder.summaryRun().label()).isNull();
    assertThat(folder.config()).isEmpty();
    assertThatThrownBy(folder::calls).isInstanceOf(RunFolderException.class).hasMessageContaining("has no llm-calls.csv");
    assertThatThrownBy(() -> folder.forEachItl((id, g) -> { })).hasMessageContaining("has no llm-itl.csv");
    assertThatThrownBy(() -> folder.require(RunFiles.SUMMARY, "needed here"))
        .hasMessageContaining("has no llm-summary.json (needed here)");
    Files.writeString(empty.resolve(RunFiles.SUMMARY), "{not json");
    assertThatThrownBy(() -> RunFolder.open(empty).summary()).hasMessageContaining("llm-summary.json is not valid JSON");
  }

  @Test
  void serverSamplesAreTheSuccessfulScrapes() throws Exception {
    Path run = written();
    Files.writeString(run.resolve(RunFiles.SERVER_METRICS), "time_ms,url_index,requests_running,requests_waiting,"
        + "kv_cache_usage_perc,prompt_tokens_per_s,generation_tokens_per_s,preemptions_total,preemptions_per_s,"
        + "prefix_cache_hit_rate,requests_success_total,scrape_ok,counter_reset\n"
        + "1000,0,2,0,0.1,,,0,,,,true,false\n"
        + "1500,1,,,,,,,,,,false,false\n"
        + "2000,0,3,1,0.25,50,120.5,2,0.5,0.9,10,true,true\n");
    List<ServerMetricsRow> samples = RunFolder.open(run).serverSamples();
    assertThat(samples).containsExactly(
        new ServerMetricsRow(1000, 0, 2.0, 0.0, 0.1, null, null, 0.0, null, null, null, true, false),
        new ServerMetricsRow(2000, 0, 3.0, 1.0, 0.25, 50.0, 120.5, 2.0, 0.5, 0.9, 10.0, true, true));
  }
}
