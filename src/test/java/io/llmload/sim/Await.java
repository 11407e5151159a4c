package io.llmload.sim;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Polls a condition every millisecond until it holds or the timeout passes (bounded; never a fixed sleep). */
final class Await {
  private Await() {}

  static boolean until(BooleanSupplier condition, long timeoutMillis) {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) return false;
      LockSupport.parkNanos(1_000_000L);
    }
    return true;
  }
}
