package io.llmload.workload.prompt;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds prompts ahead of time, off the load generator's hot path.
 *
 * <p>The caller supplies the run's plan (one {@link PromptSpec} per call, in the order the calls are
 * expected to start) up front with the constructor and/or later with {@link #plan(List)}. One daemon
 * thread walks the plan in that order and builds each prompt with the {@link PromptFactory}, keeping at
 * most {@code capacity} built-but-not-taken prompts in memory (a 10k-token prompt is about 45 KB).
 *
 * <p>{@link #take(long, int, String)} returns the prompt for a call, always exactly the text
 * {@link PromptFactory#build(long, int, String)} gives for it:
 * <ul>
 *   <li>already built: returned at once (a "hit");</li>
 *   <li>being built right now: waits for it (a delay);</li>
 *   <li>not started (the pool is behind, or full of prompts for calls that come later): the caller builds
 *       it itself and the background thread skips it later (a delay);</li>
 *   <li>not in the plan, or planned with another size or instruction: built by the caller (a delay,
 *       also counted as unplanned).</li>
 * </ul>
 * Delays are counted with their duration, so a report can say "prompt building delayed N requests by X
 * ms" ({@link Stats#describe()}). Taking never deadlocks: a full pool never blocks a caller.
 *
 * <p>Thread-safe. {@link #close()} stops the background thread.
 */
public final class PromptPool implements AutoCloseable {

  private final PromptBuilder factory;
  private final int capacity;
  private final Map<Long, Slot> slots = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<Slot> order = new LinkedBlockingQueue<>();
  private final Semaphore freeRoom;
  private final Thread builder;
  private volatile boolean closed;

  private final Object progress = new Object();
  /** Guarded by {@link #progress}: prompts the background thread has finished, in total. */
  private long prebuilt;

  private final AtomicLong taken = new AtomicLong();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong delayed = new AtomicLong();
  private final AtomicLong delayNanos = new AtomicLong();
  private final AtomicLong maxDelayNanos = new AtomicLong();
  private final AtomicLong unplanned = new AtomicLong();
  private final AtomicInteger ready = new AtomicInteger();

  /**
   * Starts the background builder at once.
   *
   * @param capacity the most prebuilt prompts held at a time (memory bound), at least 1
   * @throws IllegalArgumentException if two specs share a call index
   */
  public PromptPool(PromptBuilder factory, List<PromptSpec> plan, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.factory = factory;
    this.capacity = capacity;
    this.freeRoom = new Semaphore(capacity);
    plan(plan);
    this.builder = new Thread(this::buildInOrder, "prompt-pool-builder");
    builder.setDaemon(true);
    builder.start();
  }

  /**
   * Appends calls to the plan; the background thread builds them after the ones already planned.
   *
   * @throws IllegalArgumentException if a call index is already planned and not yet taken
   */
  public void plan(List<PromptSpec> more) {
    for (PromptSpec spec : more) {
      Slot slot = new Slot(spec);
      if (slots.putIfAbsent(spec.callIndex(), slot) != null) {
        throw new IllegalArgumentException("call " + spec.callIndex() + " is planned twice");
      }
      order.add(slot);
    }
  }

  /**
   * The prompt for this call: exactly {@code tokens} tokens, ending with the instruction, the same text
   * as {@code factory.build(callIndex, tokens, instruction)}.
   */
  public String take(long callIndex, int tokens, String instruction) {
    taken.incrementAndGet();
    Slot slot = slots.get(callIndex);
    if (slot == null || !slot.spec.sameShape(callIndex, tokens, instruction)) {
      if (slot != null) {
        discard(slot);
      }
      unplanned.incrementAndGet();
      long start = System.nanoTime();
      String text = factory.build(callIndex, tokens, instruction);
      recordDelay(System.nanoTime() - start);
      return text;
    }
    slots.remove(callIndex, slot);
    if (slot.claim()) {
      // The pool has not started on this one: building it here is faster than waiting.
      long start = System.nanoTime();
      try {
        return factory.build(callIndex, tokens, instruction);
      } finally {
        // The slot may still sit in the build queue: keep no text there (null tells a duplicate take of
        // the same call to build its own).
        slot.result.complete(null);
        recordDelay(System.nanoTime() - start);
      }
    }
    try {
      if (slot.result.isDone() && slot.result.get() != null) {
        hits.incrementAndGet();
        return slot.result.get();
      }
      long start = System.nanoTime();
      try {
        String text = slot.result.get();
        return text != null ? text : factory.build(callIndex, tokens, instruction);
      } finally {
        recordDelay(System.nanoTime() - start);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the prompt of call " + callIndex, e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } finally {
      releaseRoomOf(slot);
    }
  }

  /**
   * Waits until the background thread has built {@code count} prompts in total since the pool started,
   * or the timeout passes. Before starting the load, wait for {@code min(capacity, planned calls)} so
   * the first requests do not wait (more than {@code capacity} cannot be reached before takes start).
   *
   * @return whether {@code count} prompts were built in time
   */
  public boolean awaitPrebuilt(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (prebuilt < count && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        progress.wait(Math.max(1, left / 1_000_000));
      }
      return prebuilt >= count;
    }
  }

  public Stats stats() {
    return new Stats(taken.get(), hits.get(), delayed.get(), delayNanos.get(), maxDelayNanos.get(),
        unplanned.get(), ready.get(), capacity);
  }

  /** Stops the background thread (prompts can still be taken; they are then built by the caller). */
  @Override
  public void close() {
    closed = true;
    builder.interrupt();
    synchronized (progress) {
      progress.notifyAll();
    }
  }

  /** Whether the background thread has ended (after {@link #close()}); waits at most the timeout. */
  boolean awaitBuilderStopped(Duration timeout) throws InterruptedException {
    builder.join(Math.max(1, timeout.toMillis()));
    return !builder.isAlive();
  }

  // ---------------------------------------------------------------------------------------------

  private void buildInOrder() {
    try {
      while (!closed) {
        Slot slot = order.poll();
        if (slot == null) {
          slot = order.take();
        }
        if (slot.isClaimed()) {
          continue;
        }
        freeRoom.acquire();
        if (!slot.claim()) {
          freeRoom.release();
          continue;
        }
        slot.holdsRoom.set(true);
        try {
          slot.result.complete(factory.build(slot.spec.callIndex(), slot.spec.tokens(),
              slot.spec.instruction()));
        } catch (RuntimeException e) {
          slot.result.completeExceptionally(e);
        }
        ready.incrementAndGet();
        synchronized (progress) {
          prebuilt++;
          progress.notifyAll();
        }
      }
    } catch (InterruptedException e) {
      // close(): end quietly.
    }
  }

  /** A planned slot taken with another shape: its prebuilt text (if any) is of no use. */
  private void discard(Slot slot) {
    if (slots.remove(slot.spec.callIndex(), slot) && !slot.claim()) {
      slot.result.whenComplete((text, error) -> releaseRoomOf(slot));
    }
  }

  private void releaseRoomOf(Slot slot) {
    // holdsRoom is set before the result is completed, and read after it is done.
    if (slot.result.isDone() && slot.holdsRoom.compareAndSet(true, false)) {
      ready.decrementAndGet();
      freeRoom.release();
    }
  }

  private void recordDelay(long nanos) {
    delayed.incrementAndGet();
    delayNanos.addAndGet(nanos);
    maxDelayNanos.accumulateAndGet(nanos, Math::max);
  }

  private static final class Slot {
    final PromptSpec spec;
    final CompletableFuture<String> result = new CompletableFuture<>();
    private final AtomicInteger state = new AtomicInteger();
    /** Built by the background thread and still counted against the capacity. */
    final AtomicBoolean holdsRoom = new AtomicBoolean();

    Slot(PromptSpec spec) {
      this.spec = spec;
    }

    /** The first caller wins the right to build this prompt. */
    boolean claim() {
      return state.compareAndSet(0, 1);
    }

    boolean isClaimed() {
      return state.get() != 0;
    }
  }

  /**
   * What the pool did for the takes so far.
   *
   * @param taken         prompts handed out
   * @param prebuiltHits  handed out ready, without any wait
   * @param delayed       takes that waited for the pool or built their prompt themselves
   * @param delayNanos    total time those takes spent on prompt building
   * @param maxDelayNanos the longest single delay
   * @param unplanned     takes for a call not in the plan (or planned with another shape)
   * @param ready         prebuilt prompts held right now
   * @param capacity      the most prebuilt prompts held at a time
   */
  public record Stats(long taken, long prebuiltHits, long delayed, long delayNanos, long maxDelayNanos,
      long unplanned, int ready, int capacity) {

    public double delayMillis() {
      return delayNanos / 1e6;
    }

    /** "prompt building delayed 3 of 200 requests by 41.2 ms in total (longest 20.1 ms)". */
    public String describe() {
      return String.format(java.util.Locale.ROOT,
          "prompt building delayed %d of %d requests by %.1f ms in total (longest %.1f ms)%s",
          delayed, taken, delayMillis(), maxDelayNanos / 1e6,
          unplanned == 0 ? "" : "; " + unplanned + " were not in the plan");
    }
  }
}
