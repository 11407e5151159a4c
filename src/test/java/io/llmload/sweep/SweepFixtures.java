package io.llmload.sweep;

import io.llmload.config.Settings;
import io.llmload.metrics.SloPolicy;
import io.llmload.run.CallsCsvWriter;
import io.llmload.run.RunFiles;
import io.llmload.run.ServerMetricsRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sweeps of three 1 s levels (no settle, origin at t = 10 000 ms) over run folders written by hand, and the
 * sweep-summary.json and console table each produced when they were recorded
 * (src/test/resources/sweep-summary/CASE.json and CASE.txt): knee found with a level passing again, errors on
 * every level, an early stop, a sweep that never started, every objective broken, and rate mode.
 */
public final class SweepFixtures {
  public static final List<String> CASES = List.of("knee", "kneeErr", "early", "noOrigin", "below", "belowErr");

  private SweepFixtures() {
  }

  /** Every case's summary, by name. */
  public static Map<String, SweepSummary> summaries(Path tmp) throws IOException {
    SweepConfig config = SweepConfig.read(Settings.of(Map.of("llm.sweep.levels", "1,2,3",
        "llm.sweep.settleSeconds", "0", "llm.sweep.holdSeconds", "1")));
    SweepConfig rate = SweepConfig.read(Settings.of(Map.of("llm.sweep.levels", "0.5,1.5,4", "llm.sweep.mode", "rate",
        "llm.sweep.settleSeconds", "0", "llm.sweep.holdSeconds", "1", "llm.sweep.maxErrorRate", "0")));
    SloPolicy ttft = SloPolicy.read(Map.of("llm.slo.ttftMs", "500"));
    SloPolicy all = SloPolicy.read(Map.of("llm.slo.ttftMs", "50", "llm.slo.tpotMs", "1", "llm.slo.e2eMs", "300",
        "llm.slo.percentile", "99"));
    Path ok = runDir(Files.createDirectories(tmp.resolve("ok")), false);
    Path failing = runDir(Files.createDirectories(tmp.resolve("failing")), true);
    Map<String, SweepSummary> out = new LinkedHashMap<>();
    out.put("knee", new SweepAnalyzer(config, SweepPlan.of(config), ttft).analyze(ok, 10_000, null, -1));
    out.put("kneeErr", new SweepAnalyzer(config, SweepPlan.of(config), ttft).analyze(failing, 10_000, null, -1));
    out.put("early", new SweepAnalyzer(config, SweepPlan.of(config), ttft).analyze(failing, 10_000,
        "errors at level 1", 0));
    out.put("noOrigin", new SweepAnalyzer(config, SweepPlan.of(config), ttft).analyze(ok, -1, null, -1));
    out.put("below", new SweepAnalyzer(config, SweepPlan.of(config), all).analyze(ok, 10_000, null, -1));
    out.put("belowErr", new SweepAnalyzer(rate, SweepPlan.of(rate), all).analyze(failing, 10_000, null, -1));
    return out;
  }

  /** The recorded file of a case, e.g. expected("knee", "json"). */
  public static String expected(String name, String ext) {
    try (InputStream in = SweepFixtures.class.getResourceAsStream("/sweep-summary/" + name + "." + ext)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A row of llm-calls.csv; the last three fields (intended_ms, queue_ms, dispatch_delay_ms) are empty: not scheduled. */
  private static String call(int id, String tag, long start, long ttft, long e2e, int tokens, String error) {
    return id + ",single," + id + ",0,heavy," + tag + "," + start + ",100,110," + tokens + "," + tokens + "," + tokens
        + "," + tokens + "," + tokens + "," + ttft + "," + ttft + "," + e2e + ",,,,,,"
        + (error == null ? "200,length,true,," : "500,,false," + error + ",") + "r" + id + ",,,,,"; // intended … send delay: empty
  }

  private static Path runDir(Path dir, boolean failures) throws IOException {
    List<String> calls = new ArrayList<>();
    calls.add(String.join(",", CallsCsvWriter.COLUMNS));
    calls.add(call(1, "level_1", 10_000, 100, 400, 10, null));
    calls.add(call(2, "level_1", 10_400, 100, 400, 10, null));
    calls.add(call(3, "level_2", 11_000, 900, 950, 20, null));
    calls.add(call(4, "level_2", 11_500, 900, 1_000, 20, null));
    calls.add(call(7, "level_3", 12_100, 333, 777, 7, null));
    if (failures) {
      calls.add(call(5, "level_2", 11_600, 0, 10, 0, "boom"));
      calls.add(call(6, "level_1", 10_600, 0, 10, 0, "bad"));
      calls.add(call(8, "level_3", 12_200, 0, 10, 0, ""));
    }
    Files.write(dir.resolve(RunFiles.CALLS), calls);
    Files.write(dir.resolve(RunFiles.ITL), List.of("call_id,gaps_ms", "1,30 30", "2,30 40", "3,10 10", "4,10 90",
        "7,1.5 2.25"));
    List<String> server = new ArrayList<>();
    server.add(ServerMetricsRow.HEADER);
    server.add("10500,0,2,0,0.1,,,0,,,,true,false");
    server.add("11200,0,2,3,0.3,,,5,,,,true,false");
    server.add("11700,0,2,3,0.5,,,7,,,,true,false");
    server.add("11800,1,1,0.2,0.7,,,1,,,,true,false");
    Files.write(dir.resolve(RunFiles.SERVER_METRICS), server);
    return dir;
  }
}
