package io.llmload.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Every finished request in end order; thread-safe. For tests that compare what was sent with what a client saw. */
public final class RequestLog {
  private final ConcurrentLinkedQueue<RequestRecord> records = new ConcurrentLinkedQueue<>();

  void add(RequestRecord r) {
    records.add(r);
  }

  void clear() {
    records.clear();
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
}
