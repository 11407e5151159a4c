package io.llmload.workload.schedule;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out a schedule's journeys in order to the users that send them, on the nanoTime clock. With a
 * concurrency cap there are as many users as slots: a user takes the next journey when it is free, so a
 * journey whose time has passed while every slot was busy waited in the client-side queue for
 * (take − intended); without a cap there is one user per journey and nothing is queued. The schedule's
 * origin is the first take plus {@link #LEAD_NANOS}, time for the users to start.
 */
public final class ScheduleCursor {
  /** From the first take to the schedule's origin: lets every user start before the first send is due. */
  public static final long LEAD_NANOS = 1_000_000_000L;

  private final SendSchedule schedule;
  private final boolean capped;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicLong origin = new AtomicLong(Long.MIN_VALUE);

  /**
   * One journey taken: its index in the schedule, its intended send time (nanoTime), the time it waited for
   * a slot, and how long until it is due (0 when already due).
   */
  public record Slot(int index, long intendedNanos, long queueNanos, long waitNanos) {
  }

  public ScheduleCursor(SendSchedule schedule, boolean capped) {
    this.schedule = schedule;
    this.capped = capped;
  }

  /**
   * A cursor whose origin is fixed at {@code originNanos} (nanoTime), not taken from the first take: several
   * injectors given the same wall-clock origin (llm.startAt) send their parts of one schedule in step.
   */
  public ScheduleCursor(SendSchedule schedule, boolean capped, long originNanos) {
    this(schedule, capped);
    origin.set(originNanos);
  }

  /** The next journey, or null when the schedule is exhausted. Thread-safe. */
  public Slot take(long nowNanos) {
    int i = next.getAndIncrement();
    if (i >= schedule.size()) {
      next.set(schedule.size());
      return null;
    }
    origin.compareAndSet(Long.MIN_VALUE, nowNanos + LEAD_NANOS);
    long intended = origin.get() + schedule.offsetsNanos()[i];
    long late = nowNanos - intended;
    return new Slot(i, intended, capped ? Math.max(0, late) : 0, Math.max(0, -late));
  }

  public SendSchedule schedule() {
    return schedule;
  }

  /** Journeys taken so far. */
  public int taken() {
    return Math.min(next.get(), schedule.size());
  }
}
