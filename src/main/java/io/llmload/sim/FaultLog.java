package io.llmload.sim;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Logger;

/** Every fault the simulator injected, in injection order; thread-safe. */
public final class FaultLog {
  private static final Logger LOG = Logger.getLogger(FaultLog.class.getName());
  private final ConcurrentLinkedQueue<FaultRecord> records = new ConcurrentLinkedQueue<>();

  void record(FaultRecord r) {
    records.add(r);
    LOG.info(() -> "injected fault " + r.kind().key() + " into " + r.requestId() + " after " + r.afterTokens() + " tokens");
  }

  void clear() {
    records.clear();
  }

  public List<FaultRecord> records() {
    return new ArrayList<>(records);
  }

  public Map<FaultKind, Integer> countsByKind() {
    Map<FaultKind, Integer> counts = new EnumMap<>(FaultKind.class);
    for (FaultRecord r : records) counts.merge(r.kind(), 1, Integer::sum);
    return counts;
  }

  public int count(FaultKind kind) {
    return countsByKind().getOrDefault(kind, 0);
  }

  public int size() {
    return records.size();
  }
}
