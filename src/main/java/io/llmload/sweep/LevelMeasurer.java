package io.llmload.sweep;

import io.llmload.metrics.CallResult;
import io.llmload.metrics.Distribution;
import io.llmload.metrics.Percentiles;
import io.llmload.metrics.SloPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of one level over its measured window [from, to):
 * <ul>
 *   <li>latencies, error rate and SLO attainment: the calls tagged with the level (journeys started in its
 *       measured window), however long they ran; latencies over their ok calls;</li>
 *   <li>rates (requests/s, output and total tokens/s, goodput): ok calls that ended inside the window ÷ its
 *       length, whatever their tag, i.e. what the server delivered while it held this load; total tokens
 *       count the server's prompt tokens, else the requested input tokens;</li>
 *   <li>achieved concurrency: calls in flight (any tag), time-averaged over the window;</li>
 *   <li>server: the scrapes inside the window ({@link ServerFigures}).</li>
 * </ul>
 * metrics.GroupStats is not used: its distributions are not exposed, and its sample errors keep a failed
 * call without error text (null), which sweep-summary.json leaves out.
 */
final class LevelMeasurer {
  private static final int SAMPLE_ERRORS = 3;

  private LevelMeasurer() {
  }

  static LevelFigures measure(SweepPlan.Level l, long from, long to, SweepCalls in, SloPolicy slo) {
    double holdS = l.holdMs() / 1000.0;
    Distribution ttft = new Distribution();
    Distribution ttfo = new Distribution();
    Distribution tpot = new Distribution();
    Distribution e2e = new Distribution();
    long tagged = 0;
    long failed = 0;
    long good = 0;
    List<String> errors = new ArrayList<>();
    long endedOk = 0;
    long endedGood = 0;
    long endedOutput = 0;
    long endedTotal = 0;
    double inFlightMs = 0;
    for (SweepCalls.Call c : in.calls()) {
      CallResult r = c.result();
      boolean meets = slo.meets(r);
      if (l.tag().equals(r.spec().groupTag())) {
        tagged++;
        if (meets) {
          good++;
        }
        if (!r.ok()) {
          failed++;
          if (errors.size() < SAMPLE_ERRORS && r.error() != null && !errors.contains(r.error())) {
            errors.add(r.error());
          }
        } else {
          ttft.add(r.ttftMs());
          if (r.ttfoMs() != null) {
            ttfo.add(r.ttfoMs());
          }
          if (r.tpotMs() != null) {
            tpot.add(r.tpotMs());
          }
          e2e.add(r.e2eMs());
        }
      }
      if (r.ok() && c.endMs() >= from && c.endMs() < to) {
        endedOk++;
        endedGood += meets ? 1 : 0;
        endedOutput += r.outputTokens();
        endedTotal += r.outputTokens() + (c.promptTokens() == null ? r.spec().inputTokens() : c.promptTokens());
      }
      long overlap = Math.min(c.endMs(), to) - Math.max(r.startMs(), from);
      if (overlap > 0) {
        inFlightMs += overlap;
      }
    }
    return new LevelFigures(tagged, failed, tagged == 0 ? null : Percentiles.round((double) failed / tagged),
        errors, Percentiles.round(inFlightMs / l.holdMs()), Percentiles.round(endedOk / holdS),
        Percentiles.round(endedOutput / holdS), Percentiles.round(endedTotal / holdS),
        Percentiles.round(endedGood / holdS), tagged == 0 ? null : Percentiles.round((double) good / tagged),
        new Latency(ttft), new Latency(ttfo), new Latency(tpot), new Latency(in.gaps(l.tag())), new Latency(e2e),
        ServerFigures.of(in.server(), from, to));
  }
}
