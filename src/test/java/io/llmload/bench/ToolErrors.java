package io.llmload.bench;

import io.llmload.testing.CallsFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One tool's reported TTFT and TPOT against a fixed schedule (token i of every call sent at arrival + TTFT +
 * i × ITL), each judged by the tool's own TPOT formula:
 * <ul>
 *   <li>the suite: TPOT = (E2E − TTFT) / (n − 1), whose true value on the schedule is the ITL;</li>
 *   <li>the seed: TPOT = (E2E − TTFT) / n, whose true value is ((n − 1) · ITL + t_done) / n, where t_done is
 *       the time from the last token to the end of the stream; we take t_done = 0 (the server writes the usage
 *       chunk and [DONE] right after the last token), so the truth is (n − 1) · ITL / n.</li>
 * </ul>
 * Errors are reported − true, in milliseconds; a call that failed has no error but counts as failed.
 */
final class ToolErrors {
  /** A tool's TPOT formula. */
  enum Formula {
    /** (E2E − TTFT) / (n − 1): the suite's. */
    GAPS,
    /** (E2E − TTFT) / n: the seed's. */
    TOKENS;

    double truthMs(int tokens, double itlMs) {
      return this == GAPS ? itlMs : (tokens - 1) * itlMs / tokens;
    }
  }

  /** One call as a tool reported it, in milliseconds. */
  record Call(double ttftMs, double e2eMs, double tpotMs, int outputTokens, boolean ok, String error) {
  }

  /** The accuracy criterion a load must meet to "hold". */
  record Criterion(double ttftP50Ms, double ttftP99Ms, double tpotAbsP99Ms) {
    static final Criterion DEFAULT = new Criterion(2, 5, 0.5);
  }

  record Result(int calls, int ok, int failed, long tokens, double ttftP50, double ttftP95, double ttftP99,
                double tpotP50, double tpotP99, double tpotAbsP99, List<String> sampleErrors) {
    /** Every call ok, |TTFT error| p50 and p99 and TPOT |error| p99 within the criterion. */
    boolean holds(Criterion c) {
      return calls > 0 && failed == 0 && Math.abs(ttftP50) <= c.ttftP50Ms() && Math.abs(ttftP99) <= c.ttftP99Ms()
          && tpotAbsP99 <= c.tpotAbsP99Ms();
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("calls", calls);
      m.put("ok", ok);
      m.put("failed", failed);
      m.put("output_tokens", tokens);
      m.put("ttft_error_ms_p50", ttftP50);
      m.put("ttft_error_ms_p95", ttftP95);
      m.put("ttft_error_ms_p99", ttftP99);
      m.put("tpot_error_ms_p50", tpotP50);
      m.put("tpot_error_ms_p99", tpotP99);
      m.put("tpot_abs_error_ms_p99", tpotAbsP99);
      m.put("sample_errors", sampleErrors);
      return m;
    }
  }

  private ToolErrors() {
  }

  /** The suite's llm-calls.csv (ttft_ms, e2e_ms, tpot_ms, output_tokens, ok, error). */
  static List<Call> readSuite(Path callsCsv) {
    List<Call> calls = new ArrayList<>();
    for (Map<String, String> r : CallsFile.read(callsCsv)) {
      calls.add(new Call(num(r.get("ttft_ms"), 1), num(r.get("e2e_ms"), 1), num(r.get("tpot_ms"), 1),
          (int) num(r.get("output_tokens"), 1), "true".equalsIgnoreCase(r.get("ok")), blankToNull(r.get("error"))));
    }
    return calls;
  }

  /** The seed's llm_load_results.csv (ttft_s, e2e_s, tpot_s_per_tok, output_tokens, ok as True/False, error). */
  static List<Call> readSeed(Path resultsCsv) {
    List<Call> calls = new ArrayList<>();
    for (Map<String, String> r : CallsFile.read(resultsCsv)) {
      calls.add(new Call(num(r.get("ttft_s"), 1000), num(r.get("e2e_s"), 1000), num(r.get("tpot_s_per_tok"), 1000),
          (int) num(r.get("output_tokens"), 1), "true".equalsIgnoreCase(r.get("ok")), blankToNull(r.get("error"))));
    }
    return calls;
  }

  static Result compute(List<Call> calls, Formula formula, double scheduleTtftMs, double itlMs) {
    List<Double> ttft = new ArrayList<>();
    List<Double> tpot = new ArrayList<>();
    List<Double> tpotAbs = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    int ok = 0;
    long tokens = 0;
    for (Call c : calls) {
      boolean good = c.ok() && Double.isFinite(c.ttftMs()) && Double.isFinite(c.tpotMs()) && c.outputTokens() > 1;
      if (!good) {
        if (errors.size() < 3) {
          errors.add(c.error() == null ? "ok=" + c.ok() + ", output_tokens=" + c.outputTokens() : c.error());
        }
        continue;
      }
      ok++;
      tokens += c.outputTokens();
      ttft.add(c.ttftMs() - scheduleTtftMs);
      double e = c.tpotMs() - formula.truthMs(c.outputTokens(), itlMs);
      tpot.add(e);
      tpotAbs.add(Math.abs(e));
    }
    return new Result(calls.size(), ok, calls.size() - ok, tokens, pct(ttft, 50), pct(ttft, 95), pct(ttft, 99),
        pct(tpot, 50), pct(tpot, 99), pct(tpotAbs, 99), errors);
  }

  /** Nearest-rank percentile (the smallest value with at least p % of the values at or below it); NaN if empty. */
  static double pct(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return io.llmload.metrics.Percentiles.nearestRank(sorted, p);
  }

  private static double num(String v, double scale) {
    if (v == null || v.isBlank()) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(v.strip()) * scale; // Python writes "inf" for a failed call: handled below
    } catch (NumberFormatException e) {
      String s = v.strip().toLowerCase();
      return s.equals("inf") || s.equals("+inf") ? Double.POSITIVE_INFINITY : s.equals("-inf") ? Double.NEGATIVE_INFINITY : Double.NaN;
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
