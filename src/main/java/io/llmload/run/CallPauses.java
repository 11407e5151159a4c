package io.llmload.run;

import io.llmload.csv.Csv;
import io.llmload.csv.CsvTable;
import io.llmload.metrics.ClientPause;
import io.llmload.metrics.PauseJudge;
import io.llmload.metrics.PauseJudgement;
import io.llmload.metrics.Numbers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client's pauses against the calls a run recorded: {@link #judge} reads llm-calls.csv and llm-itl.csv
 * (the measured calls only: warm-up calls are never written) and hands every call's stamps to
 * {@link PauseJudge}; {@link #mark} then writes each call's allowance into the column {@value #COLUMN} of
 * llm-calls.csv, at the run's end, when every pause is known.
 */
public final class CallPauses {
  /** llm-calls.csv's column: the summed length of the client pauses that held any stamp of the call, empty when none. */
  public static final String COLUMN = "client_pause_ms";

  private static final double[] NO_GAPS = new double[0];

  private CallPauses() {
  }

  /** Judges the folder's calls against {@code pauses} (Gatling's clock, as the calls' stamps). */
  public static PauseJudgement judge(RunFolder folder, Collection<ClientPause> pauses, double thresholdMs) {
    PauseJudge judge = new PauseJudge(pauses, thresholdMs);
    Map<Long, CallRow> pending = new LinkedHashMap<>();
    if (folder.has(RunFiles.CALLS)) {
      folder.forEachCall(List.of(), r -> pending.put(r.callId(), r));
    }
    if (folder.has(RunFiles.ITL)) {
      folder.forEachItl((id, gaps) -> {
        CallRow r = pending.remove(id);
        if (r != null) {
          judge.call(r.callId(), r.startMs(), r.ttftMs(), gaps, r.e2eMs());
        }
      });
    }
    for (CallRow r : pending.values()) {
      judge.call(r.callId(), r.startMs(), r.ttftMs(), NO_GAPS, r.e2eMs());
    }
    return judge.judgement();
  }

  /**
   * Rewrites dir/llm-calls.csv with {@value #COLUMN} filled from {@code perCall} (call id → ms), appended as
   * the last column or replacing it when present; every other field is kept as written. The file is
   * replaced atomically ({@link AtomicFiles}): a reader sees the file before or after, never half of it.
   */
  public static void mark(Path dir, Map<Long, Double> perCall) {
    Path file = dir.resolve(RunFiles.CALLS);
    AtomicFiles.write(file, out -> {
      try (CsvTable t = CsvTable.open(file)) {
        List<String> header = new ArrayList<>(t.header());
        int column = header.indexOf(COLUMN);
        if (column < 0) {
          column = header.size();
          header.add(COLUMN);
        }
        int callId = t.require("call_id");
        out.write(Csv.row(header.toArray()));
        Object[] fields = new Object[header.size()];
        while (t.next()) {
          for (int i = 0; i < fields.length; i++) {
            fields[i] = i < t.header().size() ? t.string(i) : null;
          }
          Double ms = perCall.get(t.requiredInteger(callId));
          fields[column] = ms == null ? null : Numbers.rounded(ms, 3, "");
          out.write(Csv.row(fields));
        }
      }
    });
  }

  /** Writes dir/client-pauses.csv: every pause of the judgement, in time order, with the measured stamps it held. */
  public static void writePauses(Path dir, PauseJudgement judgement) {
    AtomicFiles.write(dir.resolve(RunFiles.CLIENT_PAUSES), out -> {
      out.write(Csv.row((Object[]) PAUSE_COLUMNS));
      for (PauseJudgement.Judged j : judgement.pauses()) {
        ClientPause p = j.pause();
        out.write(Csv.row(p.loop(), p.startMs(), p.endMs(), Numbers.rounded(p.lengthMs(), 3, ""), j.inWindow(), j.calls(),
            j.ttftCalls(), j.tokenEvents()));
      }
    });
  }

  /** client-pauses.csv's columns (docs/data-path.md). */
  public static final String[] PAUSE_COLUMNS = {"loop", "start_ms", "end_ms", "length_ms", "in_measured_window", "calls",
      "ttft_calls", "token_events"};

  /**
   * All of it at the run's end: judges the folder's calls, marks them in llm-calls.csv and writes
   * client-pauses.csv; returns the judgement.
   */
  public static PauseJudgement judgeAndMark(Path dir, Collection<ClientPause> pauses, double thresholdMs) {
    RunFolder folder = RunFolder.open(dir);
    PauseJudgement judgement = judge(folder, pauses, thresholdMs);
    if (folder.has(RunFiles.CALLS)) {
      mark(dir, judgement.perCall());
    }
    writePauses(dir, judgement);
    return judgement;
  }
}
