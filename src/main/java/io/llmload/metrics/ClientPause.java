package io.llmload.metrics;

/**
 * A stretch of time in which the load generator did not get to run one of its event loops, on Gatling's
 * clock (epoch ms, the clock every call and token event is stamped on). It runs from the last moment the
 * loop was seen responsive (its previous probe ran) to the moment its late probe ran: data that arrived
 * in between was stamped at the earliest when the loop ran again, so a stamp inside [startMs, endMs] may be
 * late by up to {@code lengthMs}.
 *
 * @param loop     which event loop paused (0, 1, …): a pause overlaps at most the same loop's next one
 *                 (two late probes in a row), two loops' pauses may overlap
 * @param startMs  Gatling's clock when the loop was last seen responsive
 * @param endMs    Gatling's clock when the probe after the late one ran
 * @param lengthMs the pause's length, from System.nanoTime (finer than the whole-ms ends)
 */
public record ClientPause(int loop, long startMs, long endMs, double lengthMs) {
  public ClientPause {
    if (loop < 0 || endMs < startMs || !(lengthMs >= 0)) {
      throw new IllegalArgumentException("a pause has a loop >= 0, ends after it starts and has a length >= 0: loop "
          + loop + ", " + startMs + ".." + endMs
          + ", " + lengthMs + " ms");
    }
  }

  /** Whether a stamp (Gatling ms, possibly with decimals) lies inside this pause, ends included. */
  public boolean contains(double stampMs) {
    return stampMs >= startMs && stampMs <= endMs;
  }
}
