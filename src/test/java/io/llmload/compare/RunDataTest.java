package io.llmload.compare;

import io.llmload.run.RunFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmload.metrics.CallResult;
import io.llmload.metrics.SloPolicy;
import io.llmload.run.RunDescription;
import io.llmload.run.RunRecorder;
import io.llmload.run.RunSummary;
import io.llmload.workload.CallSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDataTest {
  @TempDir
  Path dir;

  static final String HEADER = "call_id,scenario,user,step,step_name,group_tag,start_ms,input_tokens,"
      + "usage_prompt_tokens,requested_output_tokens,output_tokens,usage_output_tokens,counted_output_tokens,"
      + "token_events,ttft_ms,ttfo_ms,e2e_ms,tpot_ms,output_tokens_per_s,itl_p50_ms,itl_p99_ms,itl_max_ms,"
      + "http_status,finish_reason,ok,error\n";

  private Path run(String name, String summary, String calls, String itl) throws Exception {
    Path d = dir.resolve(name);
    Files.createDirectories(d);
    if (summary != null) {
      Files.writeString(d.resolve(RunFiles.SUMMARY), summary);
    }
    if (calls != null) {
      Files.writeString(d.resolve(RunFiles.CALLS), calls);
    }
    if (itl != null) {
      Files.writeString(d.resolve(RunFiles.ITL), itl);
    }
    return d;
  }

  @Test
  void loadsGroupsFromHandWrittenFiles() throws Exception {
    String calls = HEADER
        + "1,single,1,0,heavy,,1000,8000,8000,10,10,10,10,10,100,105,1000,100.000,11.111,,,,200,length,true,\n"
        + "2,agent,2,3,reason,level_16,2000,900,,5,5,,5,5,200,,600,100.000,12.5,,,,200,stop,true,\n"
        + "3,agent,2,4,synthesize,level_16,3000,900,,5,0,,0,0,,,,,,,,,0,,false,\"timeout, after 30 s\"\n"
        + "4,warmup,0,0,heavy,,500,10,,5,5,,5,5,50,50,60,2.5,400,,,,200,stop,true,\n";
    String itl = "call_id,gaps_ms\n1,100 100 90 110 100 100 100 100 100\n2,100 100 100 100\n4,1 1 1\n";
    Path d = run("r1", "{\"run\":{\"duration_s\":10,\"target\":{\"model\":\"m\"}},\"config\":{\"llm.users\":\"3\"}}",
        calls, itl);
    RunData r = RunData.load(d);
    assertThat(r.label()).isEqualTo("r1");
    assertThat(r.model()).isEqualTo("m");
    assertThat(r.config()).containsEntry("llm.users", "3");
    assertThat(r.groupNames()).containsExactly("overall", "single", "agent", "agent_step_3", "agent_step_4", "level_16");
    GroupSamples all = r.group("overall");
    assertThat(all.calls()).isEqualTo(3); // warmup is not a call of the run
    assertThat(all.failed()).isEqualTo(1);
    assertThat(all.perCall(Metric.TTFT).size()).isEqualTo(2);
    assertThat(all.perCall(Metric.TTFO).size()).isEqualTo(1); // empty = not reached
    assertThat(all.itl().clusters()).isEqualTo(2);
    assertThat(all.itl().totalValues()).isEqualTo(13);
    assertThat(all.requestThroughput()).isEqualTo(0.2); // 2 ok calls in 10 s
    assertThat(all.outputThroughput()).isEqualTo(1.5);
    assertThat(r.group("level_16").calls()).isEqualTo(2);
    assertThat(r.group("agent_step_4").failed()).isEqualTo(1);
    // completions in seconds from the first (non-warmup) start: 1000+1000 ms and 2000+600 ms
    assertThat(all.completionSeconds()).containsExactlyInAnyOrder(1.0, 1.6);
  }

  @Test
  void durationFallsBackToFirstStartToLastCompletionAndLabelComesFromTheSummary() throws Exception {
    String calls = HEADER
        + "1,single,1,0,heavy,,1000,1,,2,2,,2,2,10,10,1000,990,2.02,,,,200,length,true,\n"
        + "2,single,1,0,heavy,,5000,1,,2,2,,2,2,10,10,3000,2990,0.67,,,,200,length,true,\n";
    RunData r = RunData.load(run("r2", "{\"run\":{\"label\":\"nightly 7\"},\"config\":{}}", calls, null));
    assertThat(r.label()).isEqualTo("nightly 7");
    assertThat(r.durationSeconds()).isEqualTo(7.0);
    assertThat(r.hasItl()).isFalse();
    assertThat(r.group("overall").itl().clusters()).isZero();
  }

  @Test
  void missingFolderAndFilesAreNamed() throws Exception {
    assertThatThrownBy(() -> RunData.load(dir.resolve("nope")))
        .isInstanceOf(RunDataException.class).hasMessageContaining("nope").hasMessageContaining("does not exist");
    Path noSummary = run("a", null, HEADER, null);
    assertThatThrownBy(() -> RunData.load(noSummary))
        .hasMessageContaining("has no llm-summary.json");
    Path noCalls = run("b", "{}", null, null);
    assertThatThrownBy(() -> RunData.load(noCalls))
        .hasMessageContaining("has no llm-calls.csv");
    Path empty = run("h", "{}", HEADER, null);
    assertThatThrownBy(() -> RunData.load(empty))
        .hasMessageContaining("llm-calls.csv has no calls");
    Path badJson = run("c", "{not json", HEADER, null);
    assertThatThrownBy(() -> RunData.load(badJson))
        .hasMessageContaining("llm-summary.json is not valid JSON");
  }

  @Test
  void missingColumnAndBadValuesAreNamedWithLine() throws Exception {
    Path noTtft = run("d", "{}", HEADER.replace("ttft_ms,", "") + "\n", null);
    assertThatThrownBy(() -> RunData.load(noTtft))
        .isInstanceOf(RunDataException.class)
        .hasMessageContaining("llm-calls.csv has no column 'ttft_ms'");
    Path badNumber = run("e", "{}", HEADER
        + "1,single,1,0,heavy,,1000,1,,2,2,,2,2,fast,10,1000,990,2.02,,,,200,length,true,\n", null);
    assertThatThrownBy(() -> RunData.load(badNumber))
        .hasMessageContaining("line 2").hasMessageContaining("'ttft_ms'").hasMessageContaining("'fast' is not a number");
    Path shortRow = run("f", "{}", HEADER + "1,single,1\n", null);
    assertThatThrownBy(() -> RunData.load(shortRow))
        .hasMessageContaining("line 2 has 3 fields but the header has 26");
    Path badGap = run("g", "{}", HEADER
        + "1,single,1,0,heavy,,1000,1,,2,2,,2,2,10,10,1000,990,2.02,,,,200,length,true,\n", "call_id,gaps_ms\n1,5 x 7\n");
    assertThatThrownBy(() -> RunData.load(badGap))
        .hasMessageContaining("llm-itl.csv line 2").hasMessageContaining("'x' is not a number");
  }

  @Test
  void groupsAreTheOnesTheRecorderWroteIntoTheSummary() throws Exception {
    Path d = dir.resolve("recorded");
    RunRecorder recorder = new RunRecorder(d, String::length, SloPolicy.none());
    long id = 0;
    for (int step = 0; step <= 2; step++) {
      for (String tag : new String[] {null, "level_4", "level_16"}) {
        String scenario = step == 0 ? "single" : "agent";
        CallSpec spec = new CallSpec(++id, scenario, id, step, "s", tag, 10, 5);
        recorder.record(new CallResult(spec, 1000 + id, 10, 5, 5, 5, 10L, 10L, 50L, new int[] {10, 10, 10, 10}, 200,
            "length", true, null, "abcde", "abcde", "r" + id), null);
      }
    }
    recorder.close();
    RunSummary.of(new RunDescription("rec", "Sim", Instant.EPOCH, Instant.ofEpochSecond(10), "u", "simulator", null,
        "m", null, "1", "3", Map.of()), recorder).write(d);
    JsonNode summary = new ObjectMapper().readTree(d.resolve(RunFiles.SUMMARY).toFile());
    List<String> recorded = new ArrayList<>();
    summary.path("groups").fields().forEachRemaining(e -> {
      if (e.getValue().path("calls").asLong() > 0) {
        recorded.add(e.getKey());
      }
    });
    RunData r = RunData.load(d);
    assertThat(r.groupNames()).containsExactlyInAnyOrderElementsOf(recorded);
    assertThat(r.groupNames()).containsExactly("overall", "single", "agent", "agent_step_1", "agent_step_2",
        "level_4", "level_16");
    for (String g : recorded) {
      assertThat(r.group(g).calls()).as(g).isEqualTo(summary.path("groups").path(g).path("calls").asLong());
    }
  }
}
