package io.llmload.target;

import io.llmload.config.ReplicaBalance;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Picks the replica of each call when llm.baseUrl lists several (see {@link ReplicaBalance}). Thread-safe
 * and lock-free: it runs on Gatling's event loops, once when a call is prepared ({@link #acquire}) and once
 * when it is recorded ({@link #release}).
 *
 * <p>Per call, not per virtual user as Gatling's {@code baseUrls(...)} is: a user of a scheduled run sends
 * many journeys, and an agent flow several calls, so a per-user choice would give one replica a whole slot's
 * or flow's calls and the shares would depend on the injection profile. A call is the unit the server
 * serves and the unit the summary counts.
 */
public final class ReplicaBalancer {
  private final List<String> replicas;
  private final ReplicaBalance balance;
  private final AtomicLong turn = new AtomicLong();
  private final AtomicInteger[] inFlight;

  public ReplicaBalancer(List<String> replicas, ReplicaBalance balance) {
    if (replicas.isEmpty()) {
      throw new IllegalArgumentException("no replica");
    }
    this.replicas = List.copyOf(replicas);
    this.balance = balance;
    this.inFlight = new AtomicInteger[replicas.size()];
    for (int i = 0; i < inFlight.length; i++) {
      inFlight[i] = new AtomicInteger();
    }
  }

  /** The replica (its index in llm.baseUrl) the next call goes to, counted as in flight until {@link #release}. */
  public int acquire() {
    int n = replicas.size();
    int start = (int) Math.floorMod(turn.getAndIncrement(), (long) n);
    int chosen = start;
    if (balance == ReplicaBalance.LEAST_IN_FLIGHT) {
      int least = Integer.MAX_VALUE;
      for (int k = 0; k < n; k++) {
        int i = (start + k) % n;
        int busy = inFlight[i].get();
        if (busy < least) {
          least = busy;
          chosen = i;
        }
      }
    }
    inFlight[chosen].incrementAndGet();
    return chosen;
  }

  /** The call sent to replica {@code index} has ended. */
  public void release(int index) {
    inFlight[index].decrementAndGet();
  }

  /** Calls in progress on replica {@code index}. */
  public int inFlight(int index) {
    return inFlight[index].get();
  }

  public String url(int index) {
    return replicas.get(index);
  }

  public int size() {
    return replicas.size();
  }

  /** More than one replica: calls carry the replica they went to (llm-calls.csv column {@code replica}). */
  public boolean several() {
    return replicas.size() > 1;
  }
}
