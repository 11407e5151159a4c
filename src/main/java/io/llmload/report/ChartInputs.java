package io.llmload.report;

import io.llmload.run.CallRow;
import io.llmload.run.RunFiles;
import io.llmload.run.RunFolder;
import io.llmload.run.ServerMetricsRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the report's charts need from a run folder's CSV files, read through {@link RunFolder}: the calls,
 * every ITL gap counted by whole millisecond, and the successful scrapes. Every file is optional.
 */
final class ChartInputs {
  /** Gaps longer than this (10 min) are counted in the last slot; keeps the count array bounded. */
  static final int MAX_GAP_MS = 600_000;

  final List<CallRow> calls;
  /** ITL gap counts: {@code itlCounts[g]} gaps of g ms (whole ms, rounded down); null when llm-itl.csv is absent. */
  final long[] itlCounts;
  final long itlGapTotal;
  /** Null when server-metrics.csv is absent. */
  final List<ServerMetricsRow> server;
  /** The rows of llm-gpu.csv; empty when it is absent. */
  final List<io.llmload.run.GpuRow> gpu;

  ChartInputs(List<CallRow> calls, long[] itlCounts, long itlGapTotal, List<ServerMetricsRow> server) {
    this(calls, itlCounts, itlGapTotal, server, List.of());
  }

  ChartInputs(List<CallRow> calls, long[] itlCounts, long itlGapTotal, List<ServerMetricsRow> server,
              List<io.llmload.run.GpuRow> gpu) {
    this.gpu = gpu;
    this.calls = calls;
    this.itlCounts = itlCounts;
    this.itlGapTotal = itlGapTotal;
    this.server = server;
  }

  static ChartInputs load(Path runDir) {
    RunFolder folder = RunFolder.open(runDir);
    List<CallRow> calls = new ArrayList<>();
    if (folder.has(RunFiles.CALLS)) {
      folder.forEachCall(List.of(), calls::add);
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
    List<ServerMetricsRow> server = folder.has(RunFiles.SERVER_METRICS) ? folder.serverSamples() : null;
    return new ChartInputs(calls, itl, total, server, folder.gpuSamples());
  }
}
