package io.llmload.sweep;

import io.llmload.metrics.CallResult;
import io.llmload.metrics.Distribution;
import io.llmload.run.RunFiles;
import io.llmload.run.RunFolder;
import io.llmload.run.ServerMetricsRow;
import io.llmload.workload.CallSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a sweep's analysis reads from the run folder (through {@link RunFolder} only): llm-calls.csv as the
 * recorder's CallResults (no gaps, no text) with each call's end and prompt tokens, llm-itl.csv's gaps pooled
 * per level tag, and server-metrics.csv's scrapes. A missing file reads as no rows.
 */
record SweepCalls(List<Call> calls, Map<String, Distribution> gapsByTag, List<ServerMetricsRow> server) {

  /** One call read back from llm-calls.csv; {@code promptTokens} is the server's usage count, null when absent. */
  record Call(CallResult result, long endMs, Long promptTokens) {
  }

  static SweepCalls read(RunFolder folder) {
    List<Call> calls = readCalls(folder);
    Map<Long, String> tagOfCall = new HashMap<>();
    for (Call c : calls) {
      if (c.result().spec().groupTag() != null) {
        tagOfCall.put(c.result().spec().callId(), c.result().spec().groupTag());
      }
    }
    List<ServerMetricsRow> server = folder.has(RunFiles.SERVER_METRICS) ? folder.serverSamples() : List.of();
    return new SweepCalls(calls, readGaps(folder, tagOfCall), server);
  }

  /** The pooled ITL gaps of the calls tagged {@code tag} (empty when none). */
  Distribution gaps(String tag) {
    return gapsByTag.getOrDefault(tag, new Distribution());
  }

  private static List<Call> readCalls(RunFolder folder) {
    List<Call> calls = new ArrayList<>();
    if (!folder.has(RunFiles.CALLS)) {
      return calls;
    }
    folder.forEachCall(List.of(), r -> {
      CallSpec spec = new CallSpec(r.callId(), r.scenario(), orZero(r.user()), r.stepOrZero(), r.stepName(),
          r.groupTag(), (int) orZero(r.inputTokens()), (int) orZero(r.requestedOutputTokens()));
      Long ttft = whole(r.ttftMs());
      Long ttfo = whole(r.ttfoMs());
      Long e2e = whole(r.e2eMs());
      CallResult result = new CallResult(spec, r.startMs(), null, null, (int) orZero(r.outputTokens()),
          (int) orZero(r.tokenEvents()), ttft, ttfo, e2e, new int[0], r.httpStatus() == null ? 0 : r.httpStatus(),
          r.finishReason(), r.ok(), r.error(), "", "", r.responseId());
      long end = e2e != null ? r.startMs() + e2e : r.startMs();
      calls.add(new Call(result, end, r.usagePromptTokens()));
    });
    return calls;
  }

  private static Map<String, Distribution> readGaps(RunFolder folder, Map<Long, String> tagOfCall) {
    Map<String, Distribution> out = new HashMap<>();
    if (!folder.has(RunFiles.ITL)) {
      return out;
    }
    folder.forEachItl((callId, gaps) -> {
      String tag = tagOfCall.get(callId);
      if (tag == null || gaps.length == 0) {
        return;
      }
      Distribution d = out.computeIfAbsent(tag, t -> new Distribution());
      for (double g : gaps) {
        d.add(g);
      }
    });
    return out;
  }

  private static long orZero(Long v) {
    return v == null ? 0 : v;
  }

  private static Long whole(Double d) {
    return d == null ? null : d.longValue();
  }
}
