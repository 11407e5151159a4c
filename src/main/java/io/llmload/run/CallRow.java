package io.llmload.run;

import io.llmload.csv.Csv;
import io.llmload.metrics.CallResult;
import io.llmload.metrics.CallSchedule;
import io.llmload.metrics.CallSend;
import io.llmload.workload.CallSpec;

/**
 * One row of llm-calls.csv, every column (docs/data-path.md); null where the field is empty or the
 * column is absent from an older file. {@code replica} is the root URL of the replica that served the call when
 * llm.baseUrl listed several, else null; {@code clientPauseMs} is the longest client pause that held one of the call's
 * measured stamps (run.CallPauses), else null. {@code sentMs} is when the
 * request was written to the socket (epoch ms with the fraction), {@code sendDelayMs} sent − start (ms, three
 * decimals). Latencies and rates are read as decimals, counts as whole numbers.
 */
public record CallRow(
    long callId,
    String scenario,
    Long user,
    Integer step,
    String stepName,
    String groupTag,
    long startMs,
    Long inputTokens,
    Long usagePromptTokens,
    Long requestedOutputTokens,
    Long outputTokens,
    Long usageOutputTokens,
    Long countedOutputTokens,
    Long tokenEvents,
    Double ttftMs,
    Double ttfoMs,
    Double e2eMs,
    Double tpotMs,
    Double outputTokensPerS,
    Double itlP50Ms,
    Double itlP99Ms,
    Double itlMaxMs,
    Integer httpStatus,
    String finishReason,
    boolean ok,
    String error,
    String responseId,
    String replica,
    Double sentMs,
    Double sendDelayMs,
    Double clientPauseMs) {

  /** A row without the columns appended later (replica, sent_ms, send_delay_ms, client_pause_ms): an older file. */
  public CallRow(long callId, String scenario, Long user, Integer step, String stepName, String groupTag, long startMs,
                 Long inputTokens, Long usagePromptTokens, Long requestedOutputTokens, Long outputTokens,
                 Long usageOutputTokens, Long countedOutputTokens, Long tokenEvents, Double ttftMs, Double ttfoMs,
                 Double e2eMs, Double tpotMs, Double outputTokensPerS, Double itlP50Ms, Double itlP99Ms, Double itlMaxMs,
                 Integer httpStatus, String finishReason, boolean ok, String error, String responseId) {
    this(callId, scenario, user, step, stepName, groupTag, startMs, inputTokens, usagePromptTokens,
        requestedOutputTokens, outputTokens, usageOutputTokens, countedOutputTokens, tokenEvents, ttftMs, ttfoMs, e2eMs,
        tpotMs, outputTokensPerS, itlP50Ms, itlP99Ms, itlMaxMs, httpStatus, finishReason, ok, error, responseId, null,
        null, null, null);
  }

  /** The step, 0 when empty (a single call). */
  public int stepOrZero() {
    return step == null ? 0 : step;
  }

  /** When the call ended (start + e2e), or null when it never completed. */
  public Long endMs() {
    return e2eMs == null ? null : startMs + Math.round(e2eMs);
  }

  /**
   * The call this row records, as the recorder had it: the figures the recorder computes from it are the run's
   * (a merge recomputes a run from its rows). Text fields lose the CSV formula guard; the streamed text is not in
   * the file (empty). Every column a later writer appends belongs here too.
   *
   * @param id       the call id to give it (a merge may renumber)
   * @param gaps     its ITL gaps (llm-itl.csv)
   * @param schedule its schedule figures, or null when it was not sent from a schedule
   */
  public CallResult toCallResult(long id, int[] gaps, CallSchedule schedule) {
    CallSpec spec = new CallSpec(id, scenario, user == null ? 0 : user, stepOrZero(), stepName,
        groupTag == null || groupTag.isEmpty() ? null : groupTag, inputTokens == null ? 0 : inputTokens.intValue(),
        requestedOutputTokens == null ? 0 : requestedOutputTokens.intValue());
    return new CallResult(spec, startMs, small(usagePromptTokens), small(usageOutputTokens),
        outputTokens == null ? 0 : outputTokens.intValue(), tokenEvents == null ? 0 : tokenEvents.intValue(),
        whole(ttftMs), whole(ttfoMs), whole(e2eMs), gaps, httpStatus == null ? 0 : httpStatus,
        Csv.untext(finishReason), ok, Csv.untext(error), "", "", Csv.untext(responseId), schedule)
        .withReplica(replica == null || replica.isEmpty() ? null : Csv.untext(replica))
        .withSend(sentMs == null || sendDelayMs == null ? null : new CallSend(sentMs, sendDelayMs));
  }

  private static Integer small(Long v) {
    return v == null ? null : v.intValue();
  }

  private static Long whole(Double v) {
    return v == null ? null : Math.round(v);
  }
}
