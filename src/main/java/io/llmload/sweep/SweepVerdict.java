package io.llmload.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The verdict of a sweep (the "knee" of sweep-summary.json): the knee level and its throughput, the next level
 * and what broke there first and why, the level of peak output tokens/s, and the message. Level figures are
 * null when there is no such level.
 */
public record SweepVerdict(KneeFinder.Status status, Double level, Double outputTokensPerS, Double requestsPerS,
                           Double goodputPerS, Double achievedConcurrency, Double nextLevel, String brokeFirst,
                           String cause, Double peakLevel, Double peakOutputTokensPerS, boolean passesAboveKnee,
                           String message) {

  static SweepVerdict of(List<SweepLevel> levels, String unit, boolean sloActive) {
    KneeFinder.Knee k = KneeFinder.find(levels.stream().map(l -> new KneeFinder.Outcome(l.level(), l.isMeasured(),
        Boolean.TRUE.equals(l.meetsSlo()), l.outputTokensPerS())).toList());
    SweepLevel at = k.knee() < 0 ? null : levels.get(k.knee());
    SweepLevel next = k.firstFailing() < 0 ? null : levels.get(k.firstFailing());
    SweepLevel peak = k.peak() < 0 ? null : levels.get(k.peak());
    Broken first = next == null ? null : next.judgement().firstBroken();
    String cause = first == null ? null : VerdictProse.cause(first, next);
    LevelFigures f = at == null ? null : at.figures();
    return new SweepVerdict(k.status(), at == null ? null : at.level(), f == null ? null : f.outputTokensPerS(),
        f == null ? null : f.requestsPerS(), f == null ? null : f.goodputPerS(),
        f == null ? null : f.achievedConcurrency(), next == null ? null : next.level(),
        first == null ? null : first.objective(), cause, peak == null ? null : peak.level(),
        peak == null ? null : peak.outputTokensPerS(), k.passesAboveKnee(),
        VerdictProse.message(k, at, next, cause, unit, sloActive));
  }

  Map<String, Object> json() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", status.name().toLowerCase(Locale.ROOT));
    out.put("level", level);
    out.put("output_tokens_per_s", outputTokensPerS);
    out.put("requests_per_s", requestsPerS);
    out.put("goodput_per_s", goodputPerS);
    out.put("achieved_concurrency", achievedConcurrency);
    out.put("next_level", nextLevel);
    out.put("broke_first", brokeFirst);
    out.put("cause", cause);
    out.put("peak_level", peakLevel);
    out.put("peak_output_tokens_per_s", peakOutputTokensPerS);
    out.put("passes_above_knee", passesAboveKnee);
    out.put("message", message);
    return out;
  }
}
