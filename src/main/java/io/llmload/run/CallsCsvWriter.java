package io.llmload.run;

import io.llmload.metrics.CallResult;
import io.llmload.metrics.Percentiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * llm-calls.csv and llm-itl.csv (formats in docs/data-path.md). Each finished call is appended and
 * flushed at once, so a run killed halfway keeps every call that finished.
 */
public final class CallsCsvWriter implements AutoCloseable {
  public static final String[] COLUMNS = {"call_id", "scenario", "user", "step", "step_name", "group_tag",
      "start_ms", "input_tokens", "usage_prompt_tokens", "requested_output_tokens", "output_tokens",
      "usage_output_tokens", "counted_output_tokens", "token_events", "ttft_ms", "ttfo_ms", "e2e_ms", "tpot_ms",
      "output_tokens_per_s", "itl_p50_ms", "itl_p99_ms", "itl_max_ms", "http_status", "finish_reason", "ok", "error", "response_id"};

  private final BufferedWriter calls;
  private final BufferedWriter itl;

  public CallsCsvWriter(Path dir) {
    try {
      Files.createDirectories(dir);
      calls = Files.newBufferedWriter(dir.resolve(RunFiles.CALLS), StandardCharsets.UTF_8);
      itl = Files.newBufferedWriter(dir.resolve(RunFiles.ITL), StandardCharsets.UTF_8);
      calls.write(Csv.row((Object[]) COLUMNS));
      itl.write(Csv.row("call_id", "gaps_ms"));
      calls.flush();
      itl.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(RunFiles.CALLS), e);
    }
  }

  /** @param counted the client's own token count of the streamed text, or null when not counted */
  public void write(CallResult r, Integer counted) {
    var s = r.spec();
    int[] sorted = r.itlGapsMs().clone();
    Arrays.sort(sorted);
    Double tpot = r.tpotMs();
    Double rate = r.outputTokensPerS();
    try {
      calls.write(Csv.row(s.callId(), s.scenario(), s.user(), s.step(), s.stepName(), s.groupTag(), r.startMs(),
          s.inputTokens(), r.usagePromptTokens(), s.requestedOutputTokens(), r.outputTokens(), r.usageOutputTokens(),
          counted, r.tokenEvents(), r.ttftMs(), r.ttfoMs(), r.e2eMs(),
          tpot == null ? null : Percentiles.round(tpot), rate == null ? null : Percentiles.round(rate),
          sorted.length == 0 ? null : (int) Percentiles.nearestRank(toDouble(sorted), 50),
          sorted.length == 0 ? null : (int) Percentiles.nearestRank(toDouble(sorted), 99),
          sorted.length == 0 ? null : sorted[sorted.length - 1],
          r.httpStatus(), r.finishReason(), r.ok(), r.error(), r.responseId()));
      calls.flush();
      if (r.ok() && r.itlGapsMs().length > 0) {
        StringBuilder gaps = new StringBuilder(r.itlGapsMs().length * 3);
        for (int gap : r.itlGapsMs()) {
          gaps.append(gaps.length() == 0 ? "" : " ").append(gap);
        }
        itl.write(Csv.row(s.callId(), gaps));
        itl.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + RunFiles.CALLS, e);
    }
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
    try {
      calls.close();
      itl.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
