package io.llmload.sweep;

import java.util.List;

/**
 * The knee of a sweep: the highest level of the first unbroken run of levels that meet their
 * objectives, i.e. the level just before the first one that fails. A level that passes again above a
 * failing one does not move the knee (capacity must hold at every load below it); it is reported as
 * {@code passesAboveKnee}. Levels that were not measured (skipped by an early stop, or without calls)
 * end the search.
 */
public final class KneeFinder {
  /** How the search ended. */
  public enum Status {
    /** a level met the objectives and the next measured one did not */
    KNEE_FOUND,
    /** every measured level met the objectives: the capacity is above the highest level tested */
    NO_KNEE_IN_RANGE,
    /** even the lowest level failed: the capacity is below the range */
    BELOW_RANGE,
    /** no level was measured */
    NO_DATA
  }

  /** One level as the knee finder sees it. */
  public record Outcome(double value, boolean measured, boolean meets, Double outputTokensPerS) {
  }

  /**
   * @param knee            index of the knee level, -1 when none
   * @param firstFailing    index of the first failing level (the one after the knee), -1 when none
   * @param peak            index of the measured level with the highest output tokens/s, -1 when none
   * @param passesAboveKnee a level above the first failing one passed again (noise, or a non-monotonic server)
   */
  public record Knee(Status status, int knee, int firstFailing, int peak, boolean passesAboveKnee) {
  }

  private KneeFinder() {
  }

  public static Knee find(List<Outcome> levels) {
    int knee = -1;
    int failing = -1;
    int measured = 0;
    for (int i = 0; i < levels.size(); i++) {
      Outcome o = levels.get(i);
      if (!o.measured()) {
        break;
      }
      measured++;
      if (!o.meets()) {
        failing = i;
        break;
      }
      knee = i;
    }
    boolean passesAbove = false;
    if (failing >= 0) {
      for (int i = failing + 1; i < levels.size(); i++) {
        passesAbove |= levels.get(i).measured() && levels.get(i).meets();
      }
    }
    int peak = -1;
    for (int i = 0; i < levels.size(); i++) {
      Outcome o = levels.get(i);
      if (o.measured() && o.outputTokensPerS() != null
          && (peak < 0 || o.outputTokensPerS() > levels.get(peak).outputTokensPerS())) {
        peak = i;
      }
    }
    Status status;
    if (measured == 0) {
      status = Status.NO_DATA;
    } else if (failing < 0) {
      status = Status.NO_KNEE_IN_RANGE;
    } else if (knee < 0) {
      status = Status.BELOW_RANGE;
    } else {
      status = Status.KNEE_FOUND;
    }
    return new Knee(status, knee, failing, peak, passesAbove);
  }
}
