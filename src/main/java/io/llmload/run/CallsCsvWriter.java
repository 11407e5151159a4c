package io.llmload.run;

import io.llmload.csv.Csv;
import io.llmload.metrics.CallResult;
import io.llmload.metrics.Percentiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * llm-calls.csv and llm-itl.csv (formats in docs/data-path.md). Each finished call's row is built in memory
 * and appended in one write ({@link CsvAppender}), so a run killed halfway keeps every call that finished
 * and a failed write leaves no partial row. The server's free text (finish_reason, error, response_id) is
 * written guarded against formula injection ({@link Csv#text}).
 */
public final class CallsCsvWriter implements AutoCloseable {
  public static final String[] COLUMNS = {"call_id", "scenario", "user", "step", "step_name", "group_tag",
      "start_ms", "input_tokens", "usage_prompt_tokens", "requested_output_tokens", "output_tokens",
      "usage_output_tokens", "counted_output_tokens", "token_events", "ttft_ms", "ttfo_ms", "e2e_ms", "tpot_ms",
      "output_tokens_per_s", "itl_p50_ms", "itl_p99_ms", "itl_max_ms", "http_status", "finish_reason", "ok", "error", "response_id",
      "intended_ms", "queue_ms", "dispatch_delay_ms", "replica", "sent_ms", "send_delay_ms"};

  private static final Logger LOG = Logger.getLogger(CallsCsvWriter.class.getName());

  private final CsvAppender calls;
  private final CsvAppender itl;
  private final AtomicLong rowsLost = new AtomicLong();

  public CallsCsvWriter(Path dir) {
    this(dir, CsvAppender.FILES);
  }

  CallsCsvWriter(Path dir, CsvAppender.Opener opener) {
    Path callsFile = dir.resolve(RunFiles.CALLS);
    try {
      Files.createDirectories(dir);
      calls = new CsvAppender(callsFile, Csv.row((Object[]) COLUMNS), opener);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + callsFile + ": " + e.getMessage(), e);
    }
    try {
      itl = new CsvAppender(dir.resolve(RunFiles.ITL), Csv.row("call_id", "gaps_ms"), opener);
    } catch (IOException e) {
      try {
        calls.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw new UncheckedIOException("cannot write " + dir.resolve(RunFiles.ITL) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Appends the call's row (and its gaps). A row that cannot be written is counted in {@link #rowsLost()}
   * and logged, and the run goes on: the call still counts in the run's figures.
   *
   * @param counted the client's own token count of the streamed text, or null when not counted
   */
  public void write(CallResult r, Integer counted) {
    var s = r.spec();
    int[] sorted = r.itlGapsMs().clone();
    Arrays.sort(sorted);
    Double tpot = r.tpotMs();
    Double rate = r.outputTokensPerS();
    append(calls, Csv.row(s.callId(), s.scenario(), s.user(), s.step(), s.stepName(), s.groupTag(), r.startMs(),
        s.inputTokens(), r.usagePromptTokens(), s.requestedOutputTokens(), r.outputTokens(), r.usageOutputTokens(),
        counted, r.tokenEvents(), r.ttftMs(), r.ttfoMs(), r.e2eMs(),
        tpot == null ? null : Percentiles.round(tpot), rate == null ? null : Percentiles.round(rate),
        sorted.length == 0 ? null : (int) Percentiles.nearestRank(toDouble(sorted), 50),
        sorted.length == 0 ? null : (int) Percentiles.nearestRank(toDouble(sorted), 99),
        sorted.length == 0 ? null : sorted[sorted.length - 1],
        r.httpStatus(), Csv.text(r.finishReason()), r.ok(), Csv.text(r.error()), Csv.text(r.responseId()),
        r.schedule() == null ? null : r.schedule().intendedMs(),
        r.schedule() == null ? null : Percentiles.round(r.schedule().queueMs()),
        r.schedule() == null ? null : Percentiles.round(r.schedule().dispatchDelayMs()), r.replica(),
        r.send() == null ? null : Percentiles.round(r.send().sentMs()),
        r.send() == null ? null : Percentiles.round(r.send().sendDelayMs())));
    if (r.ok() && r.itlGapsMs().length > 0) {
      StringBuilder gaps = new StringBuilder(r.itlGapsMs().length * 3);
      for (int gap : r.itlGapsMs()) {
        gaps.append(gaps.length() == 0 ? "" : " ").append(gap);
      }
      append(itl, Csv.row(s.callId(), gaps));
    }
  }

  private void append(CsvAppender file, String row) {
    try {
      file.append(row);
    } catch (IOException e) {
      if (rowsLost.getAndIncrement() == 0) {
        LOG.log(Level.WARNING, "cannot append to {0} ({1}); the call still counts in the run''s figures, and lost"
            + " rows are counted in llm-summary.json totals.csv_rows_lost", new Object[] {file.file(), e.getMessage()});
      }
    }
  }

  /** Rows of llm-calls.csv and llm-itl.csv that could not be written. */
  public long rowsLost() {
    return rowsLost.get();
  }

  private static double[] toDouble(int[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  @Override
  public void close() {
    try (CsvAppender c = calls; CsvAppender i = itl) {
      // both closed, the second even when the first fails
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
