package io.llmload.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmload.metrics.CallResult;
import io.llmload.metrics.SloPolicy;
import io.llmload.workload.CallSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files a user relies on survive a full disk, a killed writer and hostile server text. */
class RunFilesHardeningTest {
  @TempDir
  Path dir;

  private static CallResult call(long id, boolean ok, String error, String finishReason, String responseId) {
    return new CallResult(new CallSpec(id, "single", 1, 0, "heavy", null, 100, 10), 1_700_000_000_000L + id, 100,
        10, 10, 10, 50L, 50L, 500L, new int[] {40, 50, 60}, ok ? 200 : 500, finishReason, ok, error,
        "some text", "some text", responseId);
  }

  @Test
  void aFullDiskLosesWholeRowsOnlyCountsThemAndKeepsTheCallInTheFigures() throws Exception {
    Path run = dir.resolve("run");
    FullDisk disk = new FullDisk(2_000); // room for the headers and a few rows, then full
    RunRecorder recorder = new RunRecorder(new CallsCsvWriter(run, disk.opener()), String::length, SloPolicy.none());
    for (int i = 1; i <= 30; i++) {
      recorder.record(call(i, true, null, "length", "chatcmpl-" + i), null);
    }
    recorder.close();
    long lost = (Long) recorder.totals().get("csv_rows_lost");
    assertThat(recorder.totals().get("calls")).isEqualTo(30L); // every call still counts in the figures
    assertThat(lost).isGreaterThan(0);
    RunFolder folder = RunFolder.open(run);
    List<CallRow> rows = folder.calls();
    List<Long> itl = new ArrayList<>();
    folder.forEachItl((id, gaps) -> itl.add(id));
    assertThat(folder.warnings()).isEmpty(); // no partial row was left for the reader to drop
    assertThat(rows.size() + itl.size() + lost).isEqualTo(60); // each call: one calls row and one itl row
    for (int i = 0; i < rows.size(); i++) {
      assertThat(rows.get(i).callId()).isEqualTo(i + 1); // whole rows, in order, none glued to another
    }
    assertThat(Files.readString(run.resolve(RunFiles.CALLS))).endsWith("\n");
    RunSummary summary = RunSummary.of(new RunDescription("full", "S", java.time.Instant.EPOCH,
        java.time.Instant.EPOCH.plusSeconds(1), "http://127.0.0.1:1", "simulator", "fast", "m", "0", "1", "3",
        java.util.Map.of()), recorder);
    assertThat(summary.console()).contains("WARNING: " + lost + " rows of llm-calls.csv / llm-itl.csv could not be"
        + " written");
  }

  @Test
  void rowsWrittenAfterSpaceIsFreedAreNotGluedToAPartialRow() throws Exception {
    Path file = dir.resolve("t.csv");
    FullDisk disk = new FullDisk(20);
    try (CsvAppender csv = new CsvAppender(file, "a,b\n", disk.opener())) {
      csv.append("1,first\n");
      assertThatThrownBy(() -> csv.append("2,second row\n")).isInstanceOf(IOException.class)
          .hasMessageContaining("No space left");
      disk.free(100);
      csv.append("3,third\n");
    }
    assertThat(Files.readString(file)).isEqualTo("a,b\n1,first\n3,third\n");
  }

  @Test
  void aKilledWritersIncompleteLastRowIsLeftOutWithAWarning() throws Exception {
    Path run = dir.resolve("run");
    try (CallsCsvWriter csv = new CallsCsvWriter(run)) {
      for (int i = 1; i <= 3; i++) {
        csv.write(call(i, false, "HTTP 500: boom, \"x\"", null, null), null);
      }
    }
    Path calls = run.resolve(RunFiles.CALLS);
    String whole = Files.readString(calls);
    // cut inside the last row's quoted error message, as a kill mid-write would
    Files.writeString(calls, whole.substring(0, whole.lastIndexOf("boom")));
    RunFolder folder = RunFolder.open(run);
    assertThat(folder.calls()).extracting(CallRow::callId).containsExactly(1L, 2L);
    assertThat(folder.warnings()).singleElement().asString().contains(RunFiles.CALLS + " line 4")
        .contains("incomplete");
  }

  @Test
  void serverTextThatASpreadsheetWouldRunIsWrittenGuardedAndNumbersAreNot() throws Exception {
    Path run = dir.resolve("run");
    try (CallsCsvWriter csv = new CallsCsvWriter(run)) {
      csv.write(call(1, false, "=HYPERLINK(\"http://x\",\"y\")", "+stop", "@id"), -3);
      csv.write(call(2, false, "-1 tokens left", "\tx", "ok-id"), null);
    }
    List<CallRow> rows = RunFolder.open(run).calls();
    assertThat(rows.get(0).error()).isEqualTo("'=HYPERLINK(\"http://x\",\"y\")");
    assertThat(rows.get(0).finishReason()).isEqualTo("'+stop");
    assertThat(rows.get(0).responseId()).isEqualTo("'@id");
    assertThat(rows.get(0).countedOutputTokens()).isEqualTo(-3L); // a number keeps its sign
    assertThat(rows.get(1).error()).isEqualTo("'-1 tokens left");
    assertThat(rows.get(1).finishReason()).isEqualTo("'\tx");
    assertThat(rows.get(1).responseId()).isEqualTo("ok-id");
  }

  @Test
  void aFailedWholeFileWriteLeavesThePreviousFileAndNoTemporaryFile() throws Exception {
    Path file = dir.resolve(RunFiles.SUMMARY);
    AtomicFiles.write(file, "{\"schema\": 1}\n");
    // a full disk: the stream fails after 100 bytes of the new content
    assertThatThrownBy(() -> AtomicFiles.write(file, out -> out.write("{\"x\": \"" + "y".repeat(10_000) + "\"}"),
        s -> new java.io.FilterOutputStream(s) {
          private int written;

          @Override
          public void write(int b) throws IOException {
            if (++written > 100) {
              throw new IOException("No space left on device");
            }
            super.write(b);
          }
        })).isInstanceOf(UncheckedIOException.class).hasMessageContaining(file.toString());
    // a writer that gives up halfway
    assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
      out.write("{\"half\": ");
      throw new IOException("stopped");
    })).isInstanceOf(UncheckedIOException.class);
    assertThat(Files.readString(file)).isEqualTo("{\"schema\": 1}\n");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void aWholeFileReplacesThePreviousOneAndCreatesItsFolder() throws Exception {
    Path file = dir.resolve("a/b/report.html");
    AtomicFiles.write(file, "one");
    AtomicFiles.write(file, out -> out.write("two"));
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("two");
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }
}
