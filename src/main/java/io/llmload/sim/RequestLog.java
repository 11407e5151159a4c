package io.llmload.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The latest finished requests in end order, at most {@link #CAPACITY} (the oldest are dropped, and
 * counted, so a simulator that runs for days keeps bounded memory); thread-safe. For tests and
 * benchmarks that compare what was sent with what a client saw.
 */
public final class RequestLog {
  /** Records kept; a record is about 100 bytes. */
  public static final int CAPACITY = 200_000;

  private final ConcurrentLinkedQueue<RequestRecord> records = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final int capacity;

  RequestLog() {
    this(CAPACITY);
  }

  RequestLog(int capacity) {
    this.capacity = capacity;
  }

  void add(RequestRecord r) {
    records.add(r);
    if (size.incrementAndGet() > capacity && records.poll() != null) {
      size.decrementAndGet();
      dropped.incrementAndGet();
    }
  }

  void clear() {
    while (records.poll() != null) {
      size.decrementAndGet();
    }
    dropped.set(0);
  }

  public List<RequestRecord> records() {
    return new ArrayList<>(records);
  }

  public Optional<RequestRecord> find(String id) {
    return records.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  public int size() {
    return records.size();
  }

  /** Records dropped (the oldest first) since the last clear to keep at most the capacity. */
  public long dropped() {
    return dropped.get();
  }
}
