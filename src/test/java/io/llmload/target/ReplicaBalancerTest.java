package io.llmload.target;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.config.ReplicaBalance;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ReplicaBalancerTest {
  private static final List<String> THREE = List.of("http://a:1", "http://b:1", "http://c:1");

  @Test
  void roundRobinGivesEachReplicaTheNextCallInTurnWhateverIsInFlight() {
    ReplicaBalancer b = new ReplicaBalancer(THREE, ReplicaBalance.ROUND_ROBIN);
    List<Integer> picks = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      picks.add(b.acquire());
    }
    assertThat(picks).containsExactly(0, 1, 2, 0, 1, 2, 0);
    assertThat(b.inFlight(0)).isEqualTo(3);
    b.release(0);
    assertThat(b.inFlight(0)).isEqualTo(2);
    assertThat(b.acquire()).isEqualTo(1);
  }

  @Test
  void leastInFlightSendsTheCallWhereFewestAreInProgressTiesInTurn() {
    ReplicaBalancer b = new ReplicaBalancer(THREE, ReplicaBalance.LEAST_IN_FLIGHT);
    assertThat(List.of(b.acquire(), b.acquire(), b.acquire())).containsExactly(0, 1, 2);
    b.release(1);
    b.release(2);
    // replica 0 still busy (a slow replica): the next calls go to 1 and 2, never to 0
    assertThat(List.of(b.acquire(), b.acquire())).containsExactlyInAnyOrder(1, 2);
    b.release(1);
    assertThat(b.acquire()).isEqualTo(1);
    assertThat(b.inFlight(0)).isEqualTo(1);
    assertThat(b.inFlight(1)).isEqualTo(1);
    assertThat(b.inFlight(2)).isEqualTo(1);
  }

  @Test
  void concurrentCallsAreSpreadEvenlyAndEveryReleaseCounts() throws Exception {
    ReplicaBalancer b = new ReplicaBalancer(THREE, ReplicaBalance.ROUND_ROBIN);
    int[] counts = new int[3];
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<int[]>> parts = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        parts.add(pool.submit(() -> {
          int[] mine = new int[3];
          for (int i = 0; i < 3000; i++) {
            int r = b.acquire();
            mine[r]++;
            b.release(r);
          }
          return mine;
        }));
      }
      for (Future<int[]> f : parts) {
        int[] mine = f.get();
        for (int i = 0; i < 3; i++) {
          counts[i] += mine[i];
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(counts).containsExactly(4000, 4000, 4000);
    assertThat(List.of(b.inFlight(0), b.inFlight(1), b.inFlight(2))).containsOnly(0);
  }

  @Test
  void oneReplicaIsNotSeveral() {
    assertThat(new ReplicaBalancer(List.of("http://a:1"), ReplicaBalance.ROUND_ROBIN).several()).isFalse();
    assertThat(new ReplicaBalancer(THREE, ReplicaBalance.ROUND_ROBIN).several()).isTrue();
  }
}
