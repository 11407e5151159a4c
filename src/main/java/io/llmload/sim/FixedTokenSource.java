package io.llmload.sim;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * FIXED mode: token i is due at arrival + ttft + i * itl, on absolute deadlines (no drift). Each generation has
 * at most one pending timer on its own event loop, re-armed after every token; nothing else runs.
 */
final class FixedTokenSource implements TokenSource {
  private final long ttftNanos;
  private final long itlNanos;
  private final AtomicInteger running = new AtomicInteger();
  private volatile GpuPower power;

  FixedTokenSource(double ttftMs, double itlMs) {
    this.ttftNanos = Math.round(ttftMs * 1e6);
    this.itlNanos = Math.round(itlMs * 1e6);
  }

  void bind(GpuPower p) {
    this.power = p;
  }

  @Override
  public void start(Generation g) {
    running.incrementAndGet();
    GpuPower p = power;
    if (p != null) p.add(1);
    g.markScheduled(g.arrivalNanos());
    arm(g, 0);
  }

  private void arm(Generation g, int index) {
    long due = g.arrivalNanos() + ttftNanos + index * itlNanos;
    Runnable fire = () -> {
      if (!g.isActive()) return;
      g.tokenDue(due);
      if (g.isActive() && g.tokensSent() == index + 1 && index + 1 < g.plannedTokens()) arm(g, index + 1);
    };
    long delay = due - System.nanoTime();
    if (delay <= 0) g.eventLoop().execute(fire);
    else g.eventLoop().schedule(fire, delay, TimeUnit.NANOSECONDS);
  }

  /** The pending timer, if any, sees !isActive() and does nothing. */
  @Override
  public void release(Generation g) {
    running.decrementAndGet();
    GpuPower p = power;
    if (p != null) p.add(-1);
  }

  @Override
  public int running() {
    return running.get();
  }

  @Override
  public int waiting() {
    return 0;
  }

  @Override
  public double kvCacheUsage() {
    return 0;
  }

  @Override
  public void close() {}
}
