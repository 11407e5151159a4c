package io.llmload.workload.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceReaderTest {
  static final Path DIR = Path.of("src/test/resources/traces");

  @TempDir
  Path tmp;

  static void assertRecord(TraceRecord r, long offsetMs, int in, int out, int[] ids, long line) {
    assertThat(r.offsetMs()).as("offsetMs of line %d", line).isEqualTo(offsetMs);
    assertThat(r.inputTokens()).as("inputTokens of line %d", line).isEqualTo(in);
    assertThat(r.outputTokens()).as("outputTokens of line %d", line).isEqualTo(out);
    assertThat(r.hashIds()).as("hashIds of line %d", line).containsExactly(ids);
    assertThat(r.line()).isEqualTo(line);
  }

  @Test
  void readsMooncake() {
    Trace t = TraceReader.read(DIR.resolve("mooncake-sample.jsonl"), null);
    assertThat(t.format()).isEqualTo(TraceFormat.MOONCAKE);
    assertThat(t.timed()).isTrue();
    assertThat(t.records()).hasSize(42);
    List<TraceRecord> r = t.records();
    assertRecord(r.get(0), 0, 1787, 343, new int[] {2, 3, 4, 5}, 1);
    assertRecord(r.get(4), 3001, 1821, 96, new int[] {0, 1, 13, 14}, 5);
    assertRecord(r.get(39), 39041, 300, 12, new int[] {106}, 40);
    assertRecord(r.get(41), 39278, 1038, 21, new int[] {0, 1, 108}, 42);
    assertThat(t.durationMs()).isEqualTo(39278);
    assertThat(t.summary()).contains("42 requests", "mooncake", "39278 ms");
  }

  @Test
  void readsAzure2023And2024Timestamps() {
    Trace a = TraceReader.read(DIR.resolve("azure-2023-sample.csv"), null);
    assertThat(a.format()).isEqualTo(TraceFormat.AZURE);
    assertThat(a.records()).hasSize(8);
    assertRecord(a.records().get(0), 0, 374, 44, new int[0], 2);
    // 18:15:50.9951690 - 18:15:46.6805900 = 4314.579 ms
    assertRecord(a.records().get(1), 4315, 396, 109, new int[0], 3);
    assertRecord(a.records().get(2), 4315, 879, 29, new int[0], 4);
    assertRecord(a.records().get(6), 14630, 2, 1, new int[0], 8);

    // CRLF, no final line break, rows with and without a fraction, with a zone offset
    Trace b = TraceReader.read(DIR.resolve("azure-2024-sample.csv"), "AZURE");
    assertThat(b.records()).hasSize(5);
    assertRecord(b.records().get(0), 0, 2162, 5, new int[0], 2);
    assertRecord(b.records().get(1), 10, 1024, 250, new int[0], 3); // 9.930 ms
    assertRecord(b.records().get(2), 1000, 37, 3, new int[0], 4);
    assertRecord(b.records().get(3), 1500, 512, 128, new int[0], 5);
    assertRecord(b.records().get(4), 2123, 6000, 1, new int[0], 6);
  }

  @Test
  void readsBurstGptDroppingFailures() {
    Trace t = TraceReader.read(DIR.resolve("burstgpt-sample.csv"), null);
    assertThat(t.format()).isEqualTo(TraceFormat.BURSTGPT);
    assertThat(t.dropped()).isEqualTo(2);
    assertThat(t.summary()).contains("5 requests", "dropped 2 failed requests (Response tokens = 0)");
    List<TraceRecord> r = t.records();
    assertThat(r).extracting(TraceRecord::line).containsExactly(2L, 3L, 5L, 6L, 8L);
    assertRecord(r.get(0), 0, 472, 18, new int[0], 2);
    assertRecord(r.get(1), 40_000, 1087, 136, new int[0], 3);
    assertRecord(r.get(3), 199_500, 2003, 312, new int[0], 6);
    assertRecord(r.get(4), 385_000, 250, 47, new int[0], 8);
  }

  @Test
  void readsJsonlWithAndWithoutTimestamps() {
    Trace t = TraceReader.read(DIR.resolve("jsonl-sample.jsonl"), null);
    assertThat(t.format()).isEqualTo(TraceFormat.JSONL);
    assertThat(t.timed()).isTrue();
    List<TraceRecord> r = t.records();
    assertThat(r).hasSize(4);
    assertRecord(r.get(0), 0, 128, 64, new int[0], 1);
    assertRecord(r.get(1), 251, 2048, 16, new int[0], 2); // 250.5 rounds half up
    assertRecord(r.get(2), 3000, 10, 300, new int[0], 4); // blank line 3 skipped; aliases
    assertRecord(r.get(3), 3000, 700, 1, new int[0], 5);

    Trace u = TraceReader.read(DIR.resolve("jsonl-untimed-sample.jsonl"), "jsonl");
    assertThat(u.timed()).isFalse();
    assertThat(u.records()).extracting(TraceRecord::offsetMs).containsOnly(0L);
    assertRecord(u.records().get(1), 0, 1500, 200, new int[0], 2);
    assertThat(u.summary()).contains("no timestamps");
  }

  @Test
  void detectsEachFormat() {
    assertThat(TraceReader.detect(DIR.resolve("mooncake-sample.jsonl"))).isEqualTo(TraceFormat.MOONCAKE);
    assertThat(TraceReader.detect(DIR.resolve("azure-2023-sample.csv"))).isEqualTo(TraceFormat.AZURE);
    assertThat(TraceReader.detect(DIR.resolve("azure-2024-sample.csv"))).isEqualTo(TraceFormat.AZURE);
    assertThat(TraceReader.detect(DIR.resolve("burstgpt-sample.csv"))).isEqualTo(TraceFormat.BURSTGPT);
    assertThat(TraceReader.detect(DIR.resolve("jsonl-sample.jsonl"))).isEqualTo(TraceFormat.JSONL);
  }

  @Test
  void undetectableFormatAsksForTheProperty() throws IOException {
    Path f = DIR.resolve("unknown-format.csv");
    assertThatThrownBy(() -> TraceReader.read(f, null)).isInstanceOf(TraceFormatException.class)
        .hasMessageContaining(f.toString()).hasMessageContaining("line 1")
        .hasMessageContaining("-Dllm.trace.format").hasMessageContaining("time,prompt,completion");
    Path json = Files.writeString(tmp.resolve("x.jsonl"), "{\"ts\": 1, \"len\": 5}\n");
    assertThatThrownBy(() -> TraceReader.read(json, null)).hasMessageContaining("-Dllm.trace.format")
        .hasMessageContaining("line 1").hasMessageContaining("hash_ids");
  }

  @Test
  void missingFileAndUnknownFormat() {
    Path missing = tmp.resolve("nope.jsonl");
    assertThatThrownBy(() -> TraceReader.read(missing, null)).isInstanceOf(TraceFormatException.class)
        .hasMessageContaining("nope.jsonl").hasMessageContaining("does not exist");
    assertThatThrownBy(() -> TraceReader.read(DIR.resolve("mooncake-sample.jsonl"), "sharegpt"))
        .isInstanceOf(TraceFormatException.class)
        .hasMessageContaining("Unknown trace format 'sharegpt'")
        .hasMessageContaining("mooncake, azure, burstgpt, jsonl").hasMessageContaining("mooncake-sample.jsonl");
  }

  @Test
  void badMooncakeRecordsAreAllReportedWithLineAndField() {
    Path f = DIR.resolve("mooncake-bad.jsonl");
    TraceFormatException e = (TraceFormatException) catchThrown(() -> TraceReader.read(f, "mooncake"));
    assertThat(e.getMessage()).startsWith("Trace file " + f + " (mooncake) has 6 bad records; nothing was sent:");
    assertThat(e.errors()).containsExactly(
        f + " line 2, field 'input_length': negative length -5",
        e.errors().get(1),
        f + " line 5, field 'timestamp': earlier than the previous record's (line 4): -5 ms; a trace must be"
            + " sorted by time",
        f + " line 6, field 'hash_ids': has 2 ids but input_length 1600 needs ceil(1600 / 512) = 4",
        f + " line 7, field 'output_length': missing",
        f + " line 8, field 'timestamp': not a number of milliseconds, got \"soon\"");
    assertThat(e.errors().get(1)).startsWith(f + " line 3: not valid JSON");
  }

  @Test
  void badAzureRecords() {
    Path f = DIR.resolve("azure-bad.csv");
    TraceFormatException e = (TraceFormatException) catchThrown(() -> TraceReader.read(f, null));
    assertThat(e.errors()).containsExactly(
        f + " line 3, field 'ContextTokens': negative length -3",
        f + " line 4, field 'TIMESTAMP': not a date-time like 2023-11-16 18:17:03.9799600 or"
            + " 2024-05-10 00:00:00.009930+00:00, got '16/11/2023 18:15:51'",
        f + " line 5, field 'timestamp': earlier than the previous record's (line 3): -5000 ms; a trace must be"
            + " sorted by time",
        f + " line 6: has 2 fields but the header has 3",
        f + " line 7, field 'ContextTokens': not a whole number, got '12x'");
  }

  @Test
  void badBurstGptRecords() {
    Path f = DIR.resolve("burstgpt-bad.csv");
    TraceFormatException e = (TraceFormatException) catchThrown(() -> TraceReader.read(f, null));
    assertThat(e.errors()).containsExactly(
        f + " line 3, field 'Timestamp': not a number of seconds, got 't+3'",
        f + " line 4, field 'Response tokens': negative length -1");
  }

  @Test
  void missingColumnAndMixedTimestamps() throws IOException {
    Path csv = Files.writeString(tmp.resolve("a.csv"), "TIMESTAMP,ContextTokens\n2023-11-16 18:15:46,3\n");
    assertThatThrownBy(() -> TraceReader.read(csv, "azure"))
        .hasMessageContaining(csv + " line 1, field 'GeneratedTokens': column missing from the header");
    Path quoted = Files.writeString(tmp.resolve("q.csv"),
        "TIMESTAMP,ContextTokens,GeneratedTokens\n\"2023-11-16 18:15:46\",3,1\n");
    assertThat(TraceReader.read(quoted, null).records()).as("RFC 4180: a quoted field is its text")
        .singleElement().satisfies(r -> assertThat(r.inputTokens()).isEqualTo(3));
    Path mixed = Files.writeString(tmp.resolve("m.jsonl"),
        "{\"input_length\": 5, \"output_length\": 1}\n{\"timestamp\": 3, \"input_length\": 5, \"output_length\": 1}\n");
    assertThatThrownBy(() -> TraceReader.read(mixed, null))
        .hasMessageContaining(mixed + " line 2, field 'timestamp': present, but the first record has none");
  }

  @Test
  void stopsCollectingAfterMaxErrors() throws IOException {
    StringBuilder sb = new StringBuilder("TIMESTAMP,ContextTokens,GeneratedTokens\n");
    for (int i = 0; i < 100; i++) {
      sb.append("2023-11-16 18:15:46,0,5\n");
    }
    Path f = Files.writeString(tmp.resolve("many.csv"), sb.toString());
    TraceFormatException e = (TraceFormatException) catchThrown(() -> TraceReader.read(f, null));
    assertThat(e.errors()).hasSize(TraceReader.MAX_ERRORS);
    assertThat(e.errors().get(0)).isEqualTo(f + " line 2, field 'ContextTokens': must be at least 1, got 0");
    assertThat(e.getMessage()).contains("at least 20 bad records (reading stopped after 20)");
  }

  @Test
  void emptyTraceIsRefused() throws IOException {
    Path f = Files.writeString(tmp.resolve("e.csv"), "TIMESTAMP,ContextTokens,GeneratedTokens\n");
    assertThatThrownBy(() -> TraceReader.read(f, null)).hasMessageContaining("has no requests");
    Path g = Files.writeString(tmp.resolve("g.jsonl"), "\n\n");
    assertThatThrownBy(() -> TraceReader.read(g, null)).hasMessageContaining("is empty");
  }

  private static Throwable catchThrown(Runnable r) {
    try {
      r.run();
    } catch (TraceFormatException e) {
      return e;
    }
    throw new AssertionError("expected a TraceFormatException");
  }
}
