package io.llmload.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmload.compare.GroupComparator;
import io.llmload.compare.RunComparison;
import io.llmload.compare.RunData;
import io.llmload.compare.RunDataException;
import io.llmload.run.RunFolder;
import io.llmload.run.RunFolderException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A finished matrix analysed: each configuration's headline figures (and a sweep's knee), every configuration
 * with a run compared against the baseline's run with compare's significance tests ({@link RunComparison}), the
 * Pareto fronts of output tokens/s against p95 TTFT and against p95 TPOT, and the ranking under the SLOs.
 *
 * <p>For a capacity sweep a configuration's figures on the fronts and in the ranking are its knee level's (output
 * tokens/s, goodput, p95 TTFT and TPOT at the knee): a sweep's whole-run figures mix every level. A sweep without
 * a knee (even its lowest level broke the SLOs, or no level was measured) is not on the fronts and does not meet
 * the SLOs.
 */
public record MatrixAnalysis(MatrixSpec spec, Instant startedAt, Instant endedAt, Path outDir, List<Entry> entries,
                             List<RunComparison> comparisons, List<String> comparisonProblems,
                             GroupComparator comparator, List<ParetoFront.Point> ttftFront,
                             List<ParetoFront.Point> tpotFront, List<MatrixRanking.Place> ranking) {

  /**
   * One configuration: what happened, its headline figures and a sweep's knee (null when absent), and the figures
   * it is placed and ranked by.
   */
  public record Entry(Outcome outcome, Headline headline, Knee knee, String readProblem, ParetoFront.Point ttft,
                      ParetoFront.Point tpot, MatrixRanking.Candidate candidate) {
  }

  /** A sweep's knee as sweep-summary.json gives it, with the p95 latencies of the knee level. */
  public record Knee(String status, Double level, Double outputTokensPerS, Double goodputPerS, Double ttftP95Ms,
                     Double tpotP95Ms, String message) {

    /** The knee status says a level met the SLOs. */
    public boolean found() {
      return level != null && (status.equals("knee_found") || status.equals("no_knee_in_range"));
    }
  }

  public static MatrixAnalysis of(MatrixSpec spec, List<Outcome> outcomes, Instant startedAt, Instant endedAt,
                                  Path outDir, GroupComparator comparator) {
    List<Entry> entries = new ArrayList<>();
    for (Outcome o : outcomes) {
      entries.add(entry(spec, o));
    }
    List<RunComparison> comparisons = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Outcome base = outcomes.stream().filter(o -> o.label().equals(spec.baseline())).findFirst().orElse(null);
    if (base == null || !base.hasRun()) {
      problems.add("the baseline " + spec.baseline() + " has no run: no configuration is compared");
    } else {
      RunData baseline = null;
      try {
        baseline = RunData.load(base.runDir());
      } catch (RunDataException e) {
        problems.add("the baseline " + spec.baseline() + " cannot be compared: " + e.getMessage());
      }
      for (Outcome o : outcomes) {
        if (baseline == null || o == base || !o.hasRun()) {
          continue;
        }
        try {
          comparisons.add(RunComparison.of(baseline, RunData.load(o.runDir()), comparator));
        } catch (RunDataException e) {
          problems.add(o.label() + " cannot be compared: " + e.getMessage());
        }
      }
    }
    List<ParetoFront.Point> ttft = entries.stream().map(Entry::ttft).filter(p -> p != null).toList();
    List<ParetoFront.Point> tpot = entries.stream().map(Entry::tpot).filter(p -> p != null).toList();
    List<MatrixRanking.Candidate> candidates = entries.stream().map(Entry::candidate).filter(c -> c != null).toList();
    return new MatrixAnalysis(spec, startedAt, endedAt, outDir, List.copyOf(entries), List.copyOf(comparisons),
        List.copyOf(problems), comparator, ParetoFront.of(ttft), ParetoFront.of(tpot), MatrixRanking.rank(candidates));
  }

  private static Entry entry(MatrixSpec spec, Outcome o) {
    if (!o.hasRun()) {
      return new Entry(o, null, null, null, null, null, null);
    }
    Headline h;
    Knee knee;
    try {
      RunFolder folder = RunFolder.open(o.runDir());
      h = Headline.of(folder);
      knee = knee(folder.sweepSummary());
    } catch (RunFolderException e) {
      return new Entry(o, null, null, e.getMessage(), null, null, null);
    }
    if (h == null) {
      return new Entry(o, null, knee, "the run folder has no llm-summary.json", null, null, null);
    }
    String label = o.label();
    if (spec.isSweep()) {
      boolean found = knee != null && knee.found();
      ParetoFront.Point ttft = found ? new ParetoFront.Point(label, knee.outputTokensPerS(), knee.ttftP95Ms()) : null;
      ParetoFront.Point tpot = found ? new ParetoFront.Point(label, knee.outputTokensPerS(), knee.tpotP95Ms()) : null;
      String why = found ? null : knee == null ? "no sweep-summary.json" : "no knee: " + knee.status();
      return new Entry(o, h, knee, null, ttft, tpot, new MatrixRanking.Candidate(label,
          found ? knee.goodputPerS() : null, found, why, found ? knee.outputTokensPerS() : null, h.tokensPerJoule()));
    }
    List<String> why = new ArrayList<>(h.broken());
    if (h.sloActive() && h.sloMet() == null) {
      why.add("SLOs not judged (no ok call)");
    }
    if (h.errorRate() == null) {
      why.add("no calls");
    } else if (h.errorRate() > spec.maxErrorRate()) {
      why.add(String.format(Locale.ROOT, "error rate %.2f %% > %.2f %%", h.errorRate() * 100,
          spec.maxErrorRate() * 100));
    }
    boolean meets = why.isEmpty() && (!h.sloActive() || Boolean.TRUE.equals(h.sloMet()));
    return new Entry(o, h, knee, null, new ParetoFront.Point(label, h.outputTokensPerS(), h.ttftP95Ms()),
        new ParetoFront.Point(label, h.outputTokensPerS(), h.tpotP95Ms()), new MatrixRanking.Candidate(label,
        h.goodputPerS(), meets, why.isEmpty() ? null : String.join("; ", why), h.outputTokensPerS(),
        h.tokensPerJoule()));
  }

  /** The knee of sweep-summary.json, with its level's p95 TTFT and TPOT; null without a sweep summary. */
  static Knee knee(JsonNode sweep) {
    if (sweep == null) {
      return null;
    }
    JsonNode k = sweep.path("knee");
    Double level = Headline.number(k.path("level"));
    Double ttft = null;
    Double tpot = null;
    if (level != null) {
      for (JsonNode l : sweep.path("levels")) {
        if (level.equals(Headline.number(l.path("level")))) {
          ttft = Headline.number(l.path("ttft_ms").path("p95"));
          tpot = Headline.number(l.path("tpot_ms").path("p95"));
        }
      }
    }
    return new Knee(k.path("status").asText("no_data"), level, Headline.number(k.path("output_tokens_per_s")),
        Headline.number(k.path("goodput_per_s")), ttft, tpot, k.path("message").isTextual() ? k.path("message").asText()
        : null);
  }

  /** The entry of a label, or null. */
  public Entry entry(String label) {
    return entries.stream().filter(e -> e.outcome().label().equals(label)).findFirst().orElse(null);
  }

  /** Definitions of the matrix's own figures, as the reports state them. */
  public static java.util.Map<String, String> definitions() {
    java.util.Map<String, String> d = new java.util.LinkedHashMap<>();
    d.put("headline", "each configuration's run summary (llm-summary.json), overall group: TTFT/TPOT/E2E/ITL p95 of"
        + " ok calls (nearest rank), output tokens/s = output tokens of ok calls / the run's measured window");
    d.put("goodput", "good calls / measured window; a call is good when it is ok and meets every SLO"
        + " (metrics.SloPolicy); without SLOs every ok call is good. A capacity sweep: the knee level's goodput");
    d.put("meets_slo", "every objective holds at the SLO percentile over the overall group's ok calls, and the error"
        + " rate is at most max_error_rate; a sweep meets them when it has a knee");
    d.put("ranking", "configurations that meet the SLOs first, then the others; within each, goodput descending,"
        + " then output tokens/s, then label");
    d.put("pareto", "a configuration is on the front when no other has at least its output tokens/s and at most its"
        + " p95 latency with one of the two strictly better (a sweep: figures at its knee)");
    d.put("comparisons", "every configuration's run against the baseline's with compare's tests (bootstrap 95 %"
        + " confidence intervals of run − baseline; docs/compare.md)");
    d.put("output_tokens_per_joule", "the run summary's gpu.output_tokens_per_joule (GPU energy over the run window),"
        + " absent without a GPU source");
    return d;
  }
}
