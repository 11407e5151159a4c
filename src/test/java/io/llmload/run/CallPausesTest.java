package io.llmload.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.metrics.CallResult;
import io.llmload.metrics.ClientPause;
import io.llmload.metrics.PauseJudgement;
import io.llmload.metrics.SloPolicy;
import io.llmload.testing.CallsFile;
import io.llmload.workload.CallSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's pauses against a run folder the recorder wrote, and the client_pause_ms column written back. */
class CallPausesTest {
  private static final long T0 = 1_700_000_000_000L;
  // tokens at T0 + 120, 220, 310, 420, 520, 620, 720, 820, 920, 1030
  private static final CallResult HEAVY = new CallResult(
      new CallSpec(7, "single", 3, 0, "heavy", null, 8000, 10), T0, 8012, 10, 10, 10,
      120L, 118L, 1030L, new int[] {100, 90, 110, 100, 100, 100, 100, 100, 110}, 200, "length", true, null,
      "ten tokens", "ten tokens", "=chatcmpl-7");
  private static final CallResult FAILED = new CallResult(
      new CallSpec(12, "agent", 4, 4, "synthesize", "level_16", 900, 5), T0 + 2_000, null, null, 0, 0,
      null, null, null, new int[0], 0, null, false, "timeout, after \"30 s\"\nthen closed", "", "", null);

  @TempDir
  Path dir;

  private Path written() {
    RunRecorder recorder = new RunRecorder(dir, text -> text.length(), SloPolicy.none());
    recorder.record(HEAVY, null);
    recorder.record(FAILED, null);
    recorder.close();
    return dir;
  }

  @Test
  void aPauseHoldingOneTokenEventMarksThatCallOnlyAndKeepsEveryOtherField() {
    List<CallRow> before = RunFolder.open(written()).calls();
    PauseJudgement j = CallPauses.judgeAndMark(dir, List.of(new ClientPause(0, T0 + 300, T0 + 320, 20.25),
        new ClientPause(0, T0 - 5_000, T0 - 4_900, 100)), 10);

    assertThat(j.windowStartMs()).isEqualTo(T0);
    assertThat(j.windowEndMs()).isEqualTo(T0 + 2_000);
    assertThat(j.tokenEvents()).isEqualTo(10);
    assertThat(j.tokenEventsInPause()).isEqualTo(1);
    assertThat(j.perCall()).containsOnlyKeys(7L);
    assertThat(j.warnings()).singleElement().asString().startsWith("1 of 10 token events (1 call: ITL, E2E) by up to 20.3 ms")
        .contains("the call: 7");
    assertThat(j.notes()).singleElement().asString().contains("outside the measured window");

    List<CallRow> after = RunFolder.open(dir).calls();
    assertThat(after.get(0).clientPauseMs()).isEqualTo(20.25);
    assertThat(after.get(1).clientPauseMs()).isNull();
    assertThat(withoutPause(after)).isEqualTo(before);
    assertThat(after.get(0).responseId()).isEqualTo("'=chatcmpl-7");
    assertThat(after.get(1).error()).isEqualTo("timeout, after \"30 s\"\nthen closed");

    // client-pauses.csv: every pause in time order, with the measured stamps it held
    assertThat(RunFolder.open(dir).clientPauses()).containsExactly(new ClientPause(0, T0 - 5_000, T0 - 4_900, 100),
        new ClientPause(0, T0 + 300, T0 + 320, 20.25));
    List<Map<String, String>> pauses = CallsFile.read(dir.resolve(RunFiles.CLIENT_PAUSES));
    assertThat(pauses.get(0)).containsEntry("in_measured_window", "false").containsEntry("calls", "0");
    assertThat(pauses.get(1)).containsEntry("in_measured_window", "true").containsEntry("calls", "1")
        .containsEntry("ttft_calls", "0").containsEntry("token_events", "1");
  }

  @Test
  void markingAgainReplacesTheColumnAndColumnsOfOtherWritersAreKept() throws IOException {
    written();
    // another writer's appended column, before ours
    Path calls = dir.resolve(RunFiles.CALLS);
    List<String> lines = Files.readAllLines(calls);
    StringBuilder withReplica = new StringBuilder(lines.get(0)).append(",replica\n");
    for (int i = 1; i < lines.size(); i++) {
      withReplica.append(lines.get(i)).append(lines.get(i).endsWith("\"30 s\"\"") ? "" : i == 1 ? ",http://a:8000" : ",")
          .append('\n');
    }
    Files.writeString(calls, withReplica);
    List<Map<String, String>> rows = CallsFile.read(calls);
    assertThat(rows.get(0)).containsEntry("replica", "http://a:8000");

    CallPauses.mark(dir, Map.of(7L, 3.0));
    CallPauses.mark(dir, Map.of(12L, 4.5));
    List<String> header = Files.readAllLines(calls).get(0).lines().toList();
    assertThat(header.get(0)).endsWith(",replica,client_pause_ms").containsOnlyOnce("client_pause_ms");
    rows = CallsFile.read(calls);
    assertThat(rows.get(0)).containsEntry("replica", "http://a:8000").containsEntry("client_pause_ms", null);
    assertThat(rows.get(1)).containsEntry("client_pause_ms", "4.5");
    assertThat(RunFolder.open(dir).calls().get(1).clientPauseMs()).isEqualTo(4.5);
  }

  @Test
  void aFolderWithoutCallsJudgesEveryPauseAsANote() {
    PauseJudgement j = CallPauses.judgeAndMark(dir, List.of(new ClientPause(0, T0, T0 + 50, 50)), 10);
    assertThat(j.calls()).isZero();
    assertThat(j.warnings()).isEmpty();
    assertThat(j.notes()).hasSize(1);
  }

  private static List<CallRow> withoutPause(List<CallRow> rows) {
    return rows.stream().map(r -> new CallRow(r.callId(), r.scenario(), r.user(), r.step(), r.stepName(), r.groupTag(),
        r.startMs(), r.inputTokens(), r.usagePromptTokens(), r.requestedOutputTokens(), r.outputTokens(),
        r.usageOutputTokens(), r.countedOutputTokens(), r.tokenEvents(), r.ttftMs(), r.ttfoMs(), r.e2eMs(), r.tpotMs(),
        r.outputTokensPerS(), r.itlP50Ms(), r.itlP99Ms(), r.itlMaxMs(), r.httpStatus(), r.finishReason(), r.ok(),
        r.error(), r.responseId())).toList();
  }
}
