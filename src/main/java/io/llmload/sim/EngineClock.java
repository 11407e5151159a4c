package io.llmload.sim;

import java.util.concurrent.locks.LockSupport;

/** The batching engine's clock; injectable so tests can run the engine on virtual time. */
interface EngineClock {
  long nanoTime();

  /** Returns at or after {@code deadlineNanos} (never before). */
  void sleepUntil(long deadlineNanos);

  EngineClock SYSTEM = new EngineClock() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleepUntil(long deadlineNanos) {
      long d;
      while ((d = deadlineNanos - System.nanoTime()) > 0) LockSupport.parkNanos(d);
    }
  };
}
