package io.llmload.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmload.cli.CompareMain;
import io.llmload.cli.MergeMain;
import io.llmload.metrics.CallResult;
import io.llmload.metrics.CallSchedule;
import io.llmload.metrics.SloPolicy;
import io.llmload.report.LlmReportPage;
import io.llmload.report.RunArchive;
import io.llmload.run.CallRow;
import io.llmload.run.RunDescription;
import io.llmload.run.RunFiles;
import io.llmload.run.RunFolder;
import io.llmload.run.RunRecorder;
import io.llmload.run.RunSummary;
import io.llmload.workload.CallSpec;
import io.llmload.workload.JourneyPlanner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merge on hand-made shards: calls drawn at random (single calls and agent flows, failures, sweep tags,
 * schedule figures, two replicas, send stamps, a server error that needs the formula guard), dealt to 3 shards by their journey's position
 * as llm.shard deals them, each shard written by the recorder a run uses; the merged folder's figures must be
 * those of the same calls recorded in one piece, to the last digit.
 */
class ShardMergeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  @TempDir
  Path dir;

  /** Calls of {@code journeys} journeys, reproducible from the seed. */
  static List<CallResult> calls(int journeys, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<CallResult> out = new ArrayList<>();
    long base = T0.toEpochMilli() + 1000;
    for (int j = 0; j < journeys; j++) {
      boolean agent = random.nextDouble() < 0.3;
      String tag = j % 7 == 0 ? "level_8" : null;
      int steps = agent ? 5 : 1;
      long start = base + j * 37L + random.nextInt(20);
      for (int s = 0; s < steps; s++) {
        int step = agent ? s + 1 : 0;
        CallSpec spec = new CallSpec(j * (long) JourneyPlanner.CALL_ID_STRIDE + step, agent ? CallSpec.AGENT : CallSpec.SINGLE,
            j, step, agent ? "plan" : "heavy", tag, 100 + random.nextInt(900), 20 + random.nextInt(80));
        boolean ok = random.nextDouble() > 0.05;
        long ttft = 50 + random.nextInt(400);
        int tokens = 2 + random.nextInt(60);
        int[] gaps = new int[tokens - 1];
        long sum = 0;
        for (int g = 0; g < gaps.length; g++) {
          gaps[g] = 5 + random.nextInt(40);
          sum += gaps[g];
        }
        CallSchedule schedule = s == 0 && j % 2 == 0
            ? new CallSchedule(start - random.nextInt(3), random.nextInt(2000) / 1000.0, random.nextInt(5000) / 1000.0) : null;
        CallResult r = ok
            ? new CallResult(spec, start, spec.inputTokens() + 12, tokens, tokens, tokens, ttft, ttft, ttft + sum, gaps, 200,
                "length", true, null, "x".repeat(tokens), "", "chatcmpl-" + j + "-" + step, schedule)
            : new CallResult(spec, start, null, null, 0, 0, null, null, null, new int[0], 500, null, false,
                j % 2 == 0 ? "=HYPERLINK(\"x\") HTTP 500" : "HTTP 500", "", "", null, schedule);
        // two replicas of one target (llm.baseUrl with a list): the merged summary must keep their groups
        double sendDelay = 0.25 + random.nextInt(4000) / 1000.0;
        r = ok ? r.withSend(new io.llmload.metrics.CallSend(start + sendDelay, sendDelay)) : r;
        out.add(j % 3 == 0 ? r : r.withReplica(j % 3 == 1 ? "http://127.0.0.1:8001" : "http://127.0.0.1:8002"));
        start += ok ? ttft + sum + 200 : 50;
      }
    }
    return out;
  }

  static Map<String, String> config(String shard, String runId, String seed) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("llm.users", "300");
    c.put("llm.seed", seed);
    c.put("llm.injection", "open");
    if (shard != null) {
      c.put("llm.shard", shard);
    }
    if (runId != null) {
      c.put("llm.runId", runId);
    }
    c.put("llm.outputDir", "target/llm-runs");
    return c;
  }

  /** A run folder written as a run writes it: the recorder's files, then llm-summary.json and run.json. */
  static Path write(Path folder, List<CallResult> calls, Map<String, String> config, Consumer<RunSummary> extra) {
    RunRecorder recorder = new RunRecorder(folder, String::length, SloPolicy.none());
    calls.forEach(c -> recorder.record(c, null));
    recorder.close();
    RunSummary summary = RunSummary.of(new RunDescription("lbl", "MixedWorkloadSimulation", T0, T0.plusSeconds(60),
        "http://127.0.0.1:1", "simulator", "fixed", "m", "sim 1", "1.0", "3.15.1", config), recorder);
    summary.put("client_health", Map.of("warnings", List.of(), "cores", 2));
    summary.put("server", Map.of("scrapes_ok", 5));
    extra.accept(summary);
    summary.write(folder);
    io.llmload.run.RunInfo.write(folder, Map.of("label", "lbl", "host", "h-" + folder.getFileName(), "config", config));
    return folder;
  }

  /** Deals the calls to {@code n} shards by journey position (call id / 16 mod n) and writes each. */
  List<Path> shards(List<CallResult> all, int n, String runId, String seed) {
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = i;
      List<CallResult> mine = all.stream().filter(c -> c.spec().callId() / JourneyPlanner.CALL_ID_STRIDE % n == index).toList();
      out.add(write(dir.resolve("shards/shard" + i), mine, config(i + "/" + n, runId, seed), s -> { }));
    }
    return out;
  }

  @Test
  void mergedFiguresAreThoseOfTheCallsInOnePiece() throws Exception {
    List<CallResult> all = calls(300, 7);
    Path whole = write(dir.resolve("whole"), all, config(null, "r1", "42"), s -> { });
    List<Path> shards = shards(all, 3, "r1", "42");
    ShardMerge.Result merged = ShardMerge.merge(shards, dir.resolve("out"), false, SloPolicy.none());

    JsonNode one = JSON.readTree(whole.resolve(RunFiles.SUMMARY).toFile());
    JsonNode m = JSON.readTree(merged.dir().resolve(RunFiles.SUMMARY).toFile());
    // sample_errors is a sample in recording order (a run's end order); the set must match, every figure exactly
    assertThat(m.path("groups").size()).isEqualTo(one.path("groups").size());
    one.path("groups").fields().forEachRemaining(e -> {
      com.fasterxml.jackson.databind.node.ObjectNode want = (com.fasterxml.jackson.databind.node.ObjectNode) e.getValue().deepCopy();
      com.fasterxml.jackson.databind.node.ObjectNode got = (com.fasterxml.jackson.databind.node.ObjectNode) m.path("groups").path(e.getKey()).deepCopy();
      assertThat(set(got.remove("sample_errors"))).as(e.getKey()).isEqualTo(set(want.remove("sample_errors")));
      assertThat(got).as(e.getKey()).isEqualTo(want);
    });
    assertThat(m.path("groups").has("level_8")).isTrue();
    assertThat(m.path("groups").path("overall").path("dispatch_delay_ms").path("count").asInt()).isGreaterThan(0);
    assertThat(m.path("totals")).isEqualTo(one.path("totals"));
    // the merged calls are the union: every row of the one-piece run, same ids, same fields
    Map<Long, CallRow> byId = new HashMap<>();
    RunFolder.open(whole).forEachCall(List.of(), r -> byId.put(r.callId(), r));
    List<CallRow> rows = RunFolder.open(merged.dir()).calls();
    assertThat(rows).hasSize(all.size());
    rows.forEach(r -> assertThat(r).isEqualTo(byId.get(r.callId())));
    assertThat(m.path("run").path("run_id").asText()).isEqualTo("r1");
    assertThat(m.path("run").has("shard")).isFalse();
    assertThat(m.path("config").has("llm.shard")).isFalse();
    assertThat(m.path("merge").path("merged").toString()).isEqualTo("[\"0/3\",\"1/3\",\"2/3\"]");
    assertThat(m.path("client_health").path("injectors").size()).isEqualTo(3);
    assertThat(m.path("server").path("scraped_by").asText()).isEqualTo("shard 0/3");
  }

  private static java.util.Set<String> set(JsonNode array) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void theMergedFolderIsANormalRunForTheReportCompareAndTheArchive() throws Exception {
    List<CallResult> all = calls(120, 8);
    List<Path> shards = shards(all, 3, "r2", "42");
    Path whole = write(dir.resolve("reports/20261201-095900-whole"), all, config(null, "r2", "42"), s -> { });
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = MergeMain.run(Map.of("merge.runs", dir.resolve("shards").toString(), "merge.out",
        dir.resolve("reports").toString()), new PrintStream(out), new PrintStream(err));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(MergeMain.OK);
    Path merged;
    try (var s = Files.list(dir.resolve("reports"))) {
      merged = s.filter(p -> p.getFileName().toString().endsWith("-merged")).findFirst().orElseThrow();
    }
    String html = Files.readString(merged.resolve(RunFiles.REPORT));
    assertThat(html).contains("Merged from 3 of 3 injectors (run id r2)");
    // compare and its regression gate read it as any run: same calls as the one-piece run, nothing worse
    code = CompareMain.run(Map.of("compare.runs", whole + "," + merged, "compare.out", dir.resolve("cmp").toString(),
        "compare.junit", dir.resolve("cmp/junit.xml").toString(), "llm.regression.ttftP95Pct", "1"),
        new PrintStream(out), new PrintStream(err));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(CompareMain.OK);
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("NOT comparable");
    Path index = RunArchive.writeIndex(dir.resolve("reports"));
    assertThat(Files.readString(index)).contains(merged.getFileName().toString());
  }

  @Test
  void refusesShardsOfDifferentRunsSeedsOrCounts() {
    List<CallResult> all = calls(30, 9);
    Path a = write(dir.resolve("a"), all, config("0/2", "r1", "42"), s -> { });
    Path b = write(dir.resolve("b"), all, config("1/2", "r1", "43"), s -> { });
    Path c = write(dir.resolve("c"), all, config("1/2", "other", "42"), s -> { });
    Path d = write(dir.resolve("d"), all, config("1/3", "r1", "42"), s -> { });
    Path e = write(dir.resolve("e"), all, config("0/2", "r1", "42"), s -> { });
    Path single = write(dir.resolve("single"), all, config(null, null, "42"), s -> { });
    Path out = dir.resolve("out");
    assertThatThrownBy(() -> ShardMerge.merge(List.of(a, b), out, false, SloPolicy.none()))
        .hasMessageContaining("llm.seed: 42 (shard 0/2) vs 43 (shard 1/2)");
    assertThatThrownBy(() -> ShardMerge.merge(List.of(a, c), out, false, SloPolicy.none()))
        .hasMessageContaining("different runs").hasMessageContaining("other (1/2 c)").hasMessageContaining("r1 (0/2 a)");
    assertThatThrownBy(() -> ShardMerge.merge(List.of(a, d), out, false, SloPolicy.none()))
        .hasMessageContaining("number of injectors");
    assertThatThrownBy(() -> ShardMerge.merge(List.of(a, e), out, false, SloPolicy.none()))
        .hasMessageContaining("shard 0/2 is given twice");
    assertThatThrownBy(() -> ShardMerge.merge(List.of(a, single), out, false, SloPolicy.none()))
        .hasMessageContaining("is not a shard");
    assertThat(out).doesNotExist();
  }

  @Test
  void aMissingShardIsRefusedUnlessAllowedAndThenNamed() throws Exception {
    List<CallResult> all = calls(60, 10);
    List<Path> shards = shards(all, 3, "r3", "42");
    List<Path> two = List.of(shards.get(0), shards.get(2));
    assertThatThrownBy(() -> ShardMerge.merge(two, dir.resolve("out"), false, SloPolicy.none()))
        .hasMessageContaining("shard 1/3 of run r3 is missing").hasMessageContaining("merge.allowMissing=true");
    ShardMerge.Result r = ShardMerge.merge(two, dir.resolve("out"), true, SloPolicy.none());
    assertThat(r.missing()).containsExactly("1/3");
    JsonNode m = JSON.readTree(r.dir().resolve(RunFiles.SUMMARY).toFile());
    assertThat(m.path("merge").path("missing").toString()).isEqualTo("[\"1/3\"]");
    long expected = all.stream().filter(c -> c.spec().callId() / JourneyPlanner.CALL_ID_STRIDE % 3 != 1).count();
    assertThat(m.path("totals").path("calls").asLong()).isEqualTo(expected);
    LlmReportPage.write(r.dir());
    assertThat(Files.readString(r.dir().resolve(RunFiles.REPORT))).contains("missing: shard 1/3");
  }

  @Test
  void collidingCallIdsAreRenumberedUniquely() throws Exception {
    List<CallResult> all = calls(20, 11);
    Path a = write(dir.resolve("a"), all, config("0/2", "r4", "42"), s -> { });
    Path b = write(dir.resolve("b"), all, config("1/2", "r4", "42"), s -> { });
    ShardMerge.Result r = ShardMerge.merge(List.of(a, b), dir.resolve("out"), false, SloPolicy.none());
    List<CallRow> rows = RunFolder.open(r.dir()).calls();
    assertThat(rows).hasSize(2 * all.size());
    assertThat(rows.stream().map(CallRow::callId).distinct().count()).isEqualTo(2L * all.size());
    Map<Long, Integer> itl = new HashMap<>();
    RunFolder.open(r.dir()).forEachItl((id, gaps) -> itl.put(id, gaps.length));
    rows.stream().filter(CallRow::ok).forEach(row -> assertThat(itl).containsKey(row.callId()));
  }
}
