package io.llmload.report;

import io.llmload.run.RunFiles;
import io.llmload.run.LenientCsvTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the report reads from a run folder's CSV files, in the shapes the charts need. Every file but
 * llm-calls.csv is optional; a missing column reads as an absent value, never as 0.
 */
public final class RunData {
  /** Gaps longer than this (10 min) are counted in the last slot; keeps the count array bounded. */
  static final int MAX_GAP_MS = 600_000;

  /** One row of llm-calls.csv; null where the CSV field is empty. */
  public record Call(long callId, String scenario, int step, String groupTag, Long startMs, Double inputTokens,
      Double outputTokens, Double ttftMs, Double e2eMs, Double tpotMs, boolean ok) {
  }

  /** One row of server-metrics.csv (scrape_ok rows only); null where the field is empty. */
  public record ServerSample(long timeMs, int urlIndex, Double running, Double waiting, Double kvCacheUsage,
      Double generationTokensPerS) {
  }

  public final List<Call> calls;
  /** ITL gap counts: {@code itlCounts[g]} gaps of g ms; null when llm-itl.csv is absent. */
  public final long[] itlCounts;
  public final long itlGapTotal;
  /** Null when server-metrics.csv is absent. */
  public final List<ServerSample> server;

  RunData(List<Call> calls, long[] itlCounts, long itlGapTotal, List<ServerSample> server) {
    this.calls = calls;
    this.itlCounts = itlCounts;
    this.itlGapTotal = itlGapTotal;
    this.server = server;
  }

  public static RunData load(Path runDir) {
    List<Call> calls = new ArrayList<>();
    Path callsFile = runDir.resolve(RunFiles.CALLS);
    if (Files.isRegularFile(callsFile)) {
      LenientCsvTable.forEach(callsFile, row -> calls.add(new Call(
          longOr(row.number("call_id"), calls.size()),
          row.get("scenario"),
          (int) longOr(row.number("step"), 0),
          row.get("group_tag"),
          row.number("start_ms") == null ? null : row.number("start_ms").longValue(),
          row.number("input_tokens"),
          row.number("output_tokens"),
          row.number("ttft_ms"),
          row.number("e2e_ms"),
          row.number("tpot_ms"),
          row.flag("ok"))));
    }
    long[] itl = null;
    long total = 0;
    Path itlFile = runDir.resolve(RunFiles.ITL);
    if (Files.isRegularFile(itlFile)) {
      long[][] holder = {new long[1024]};
      long[] sum = {0};
      LenientCsvTable.forEach(itlFile, row -> {
        String gaps = row.get("gaps_ms");
        int i = 0;
        int n = gaps.length();
        while (i < n) {
          while (i < n && gaps.charAt(i) == ' ') {
            i++;
          }
          int startIdx = i;
          while (i < n && gaps.charAt(i) != ' ') {
            i++;
          }
          if (i > startIdx) {
            int gap;
            try {
              gap = (int) Math.min(MAX_GAP_MS, Math.max(0, Long.parseLong(gaps.substring(startIdx, i))));
            } catch (NumberFormatException e) {
              continue;
            }
            if (gap >= holder[0].length) {
              holder[0] = Arrays.copyOf(holder[0], Math.min(MAX_GAP_MS + 1, Math.max(gap + 1, holder[0].length * 2)));
            }
            holder[0][gap]++;
            sum[0]++;
          }
        }
      });
      itl = holder[0];
      total = sum[0];
    }
    List<ServerSample> server = null;
    Path serverFile = runDir.resolve(RunFiles.SERVER_METRICS);
    if (Files.isRegularFile(serverFile)) {
      List<ServerSample> samples = new ArrayList<>();
      LenientCsvTable.forEach(serverFile, row -> {
        Double t = row.number("time_ms");
        if (t == null || (row.has("scrape_ok") && !row.flag("scrape_ok"))) {
          return;
        }
        samples.add(new ServerSample(t.longValue(), (int) longOr(row.number("url_index"), 0),
            row.number("requests_running"), row.number("requests_waiting"), row.number("kv_cache_usage_perc"),
            row.number("generation_tokens_per_s")));
      });
      server = samples;
    }
    return new RunData(calls, itl, total, server);
  }

  private static long longOr(Double d, long fallback) {
    return d == null ? fallback : d.longValue();
  }
}
