package io.llmload.sweep;

import io.llmload.metrics.Numbers;
import io.llmload.metrics.Percentiles;
import java.util.List;
import java.util.Locale;

/** The sentences of a sweep's verdict: why the level after the knee broke, and the one-line message. */
final class VerdictProse {
  /** Mean requests waiting on the server from which TTFT is put down to queueing. */
  private static final double QUEUEING = 0.5;

  private VerdictProse() {
  }

  /** Why {@code level} broke {@code broken}, with the server's queue or batch when it explains it. */
  static String cause(Broken broken, SweepLevel level) {
    ServerFigures server = level.figures().server();
    Double waiting = server.requestsWaitingMean();
    Double running = server.requestsRunningMean();
    return switch (broken.objective()) {
      case Broken.ERRORS -> String.format(Locale.ROOT, "errors: %.1f%% of calls failed (limit %.1f%%)%s",
          broken.value() * 100, broken.limit() * 100, sampleError(level.figures().sampleErrors()));
      case "ttft" -> "TTFT " + overshoot(broken) + (waiting == null ? " (no server metrics to tell whether requests queued)"
          : waiting >= QUEUEING ? " from queueing: the server had " + num(waiting) + " requests waiting on average"
          : " with no queue on the server (" + num(waiting) + " waiting): prefill time or the client");
      case "tpot" -> "TPOT " + overshoot(broken) + (running == null ? "" : " from batch size: the server ran "
          + num(running) + " requests at once on average");
      default -> broken.objective().toUpperCase(Locale.ROOT) + " " + overshoot(broken);
    };
  }

  /** The verdict in one line; {@code at} is the knee (or highest passing) level, {@code next} the first failing one. */
  static String message(KneeFinder.Knee k, SweepLevel at, SweepLevel next, String cause, String unit,
                        boolean sloActive) {
    String u = " " + unit;
    return switch (k.status()) {
      case KNEE_FOUND -> "knee at " + num(at.level()) + u + ": " + num(at.outputTokensPerS())
          + " output tok/s within the SLOs; at " + num(next.level()) + u + " " + cause
          + (k.passesAboveKnee() ? " (a higher level passed again: check for noise)" : "");
      case NO_KNEE_IN_RANGE -> "no knee inside the range: every measured level met the SLOs"
          + (sloActive ? "" : " (no llm.slo.* set: only errors were judged)") + "; the capacity is above "
          + num(at.level()) + u + " (" + num(at.outputTokensPerS()) + " output tok/s); extend llm.sweep.levels";
      case BELOW_RANGE -> "below the range: the lowest level, " + num(next.level()) + u + ", already broke: " + cause;
      case NO_DATA -> "no level was measured";
    };
  }

  private static String sampleError(List<String> errors) {
    return errors.isEmpty() ? "" : ", e.g. " + errors.get(0);
  }

  private static String overshoot(Broken b) {
    return "p" + num(b.percentile()) + " " + num(b.value()) + " ms over its limit " + num(b.limit()) + " ms";
  }

  private static String num(Double v) {
    return v == null ? Numbers.DASH : Numbers.plain(Percentiles.round(v));
  }
}
