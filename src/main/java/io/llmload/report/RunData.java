package io.llmload.report;

import io.llmload.run.CallRow;
import io.llmload.run.RunFiles;
import io.llmload.run.RunFolder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the report reads from a run folder's CSV files (through {@link RunFolder}), in the shapes the
 * charts need. Every file is optional; an absent column or empty field reads as an absent value, never as 0.
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
  /** ITL gap counts: {@code itlCounts[g]} gaps of g ms (whole ms, rounded down); null when llm-itl.csv is absent. */
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
    RunFolder folder = RunFolder.open(runDir);
    List<Call> calls = new ArrayList<>();
    if (folder.has(RunFiles.CALLS)) {
      folder.forEachCall(List.of(), r -> calls.add(call(r)));
    }
    long[] itl = null;
    long total = 0;
    if (folder.has(RunFiles.ITL)) {
      long[][] holder = {new long[1024]};
      long[] sum = {0};
      folder.forEachItl((callId, gaps) -> {
        for (double g : gaps) {
          int gap = (int) Math.min(MAX_GAP_MS, g);
          if (gap >= holder[0].length) {
            holder[0] = Arrays.copyOf(holder[0], Math.min(MAX_GAP_MS + 1, Math.max(gap + 1, holder[0].length * 2)));
          }
          holder[0][gap]++;
        }
        sum[0] += gaps.length;
      });
      itl = holder[0];
      total = sum[0];
    }
    List<ServerSample> server = null;
    if (folder.has(RunFiles.SERVER_METRICS)) {
      server = folder.serverSamples().stream()
          .map(s -> new ServerSample(s.timeMs(), s.urlIndex(), s.requestsRunning(), s.requestsWaiting(),
              s.kvCacheUsagePerc(), s.generationTokensPerS()))
          .toList();
    }
    return new RunData(calls, itl, total, server);
  }

  private static Call call(CallRow r) {
    return new Call(r.callId(), r.scenario(), r.stepOrZero(), r.groupTag() == null ? "" : r.groupTag(), r.startMs(),
        decimal(r.inputTokens()), decimal(r.outputTokens()), r.ttftMs(), r.e2eMs(), r.tpotMs(), r.ok());
  }

  private static Double decimal(Long v) {
    return v == null ? null : v.doubleValue();
  }
}
