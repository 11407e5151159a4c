package io.llmload.sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * The schedule of a sweep, in milliseconds from its origin (the first measured user's start): level k
 * runs from {@code startMs} to {@code endMs}; its first {@code settle} is not counted, its measured
 * window is [{@code measureStartMs}, {@code endMs}).
 *
 * <p>The level-tagging rule: a journey is tagged with the level whose measured window contains the
 * moment it starts ({@code level_<value>}); one that starts during a settle period is tagged
 * {@link #SETTLE} and is in no level's figures; one that starts after the last level ends is untagged.
 */
public final class SweepPlan {
  public static final String SETTLE = "settle";

  /** One step of the schedule. */
  public record Level(int index, double value, String tag, long startMs, long measureStartMs, long endMs) {
    public long holdMs() {
      return endMs - measureStartMs;
    }
  }

  private final List<Level> levels;

  public SweepPlan(List<Double> values, double settleSeconds, double holdSeconds) {
    long settle = Math.round(settleSeconds * 1000);
    long hold = Math.round(holdSeconds * 1000);
    if (values.isEmpty() || hold <= 0 || settle < 0) {
      throw new IllegalArgumentException("a sweep needs levels, a positive hold and a settle >= 0");
    }
    List<Level> out = new ArrayList<>();
    long t = 0;
    for (int i = 0; i < values.size(); i++) {
      double v = values.get(i);
      out.add(new Level(i, v, SweepConfig.tag(v), t, t + settle, t + settle + hold));
      t += settle + hold;
    }
    this.levels = List.copyOf(out);
  }

  public static SweepPlan of(SweepConfig config) {
    return new SweepPlan(config.levels(), config.settleSeconds(), config.holdSeconds());
  }

  public List<Level> levels() {
    return levels;
  }

  public Level level(int index) {
    return levels.get(index);
  }

  public int size() {
    return levels.size();
  }

  public long totalMs() {
    return levels.get(levels.size() - 1).endMs();
  }

  /** The index of the level running at {@code elapsedMs} (settle or measured), or -1 before 0 / after the end. */
  public int levelAt(long elapsedMs) {
    for (Level l : levels) {
      if (elapsedMs >= l.startMs() && elapsedMs < l.endMs()) {
        return l.index();
      }
    }
    return -1;
  }

  /** The tag of a journey starting at {@code elapsedMs}: the level's tag, {@link #SETTLE}, or null after the end. */
  public String tagAt(long elapsedMs) {
    int i = levelAt(elapsedMs);
    if (i < 0) {
      return null;
    }
    Level l = levels.get(i);
    return elapsedMs < l.measureStartMs() ? SETTLE : l.tag();
  }
}
