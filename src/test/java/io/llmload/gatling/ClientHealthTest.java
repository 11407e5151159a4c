package io.llmload.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.metrics.ClientPause;
import io.llmload.metrics.PauseJudge;
import io.llmload.metrics.PauseJudgement;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * The probe on real Netty event loops: a task that blocks a loop (a deliberate stop, as a long GC or a
 * descheduled thread would be) is recorded as a pause with when it happened and how long, and the
 * judgement of that pause against calls warns only for the calls whose stamps it held.
 */
class ClientHealthTest {
  private static final LongSupplier CLOCK = () -> System.nanoTime() / 1_000_000;
  private static final long BLOCK_MS = 150;

  @Test
  void aBlockedEventLoopIsRecordedAsAPauseAndWarnsOnlyForTheCallsItHeld() throws Exception {
    DefaultEventLoopGroup group = new DefaultEventLoopGroup(2);
    ClientHealth health = new ClientHealth(10, CLOCK);
    try {
      health.start(group);
      EventLoop loop = group.next();
      afterTheNextProbes(loop);
      long[] block = new long[2];
      loop.submit(() -> {
        block[0] = CLOCK.getAsLong();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BLOCK_MS);
        while (System.nanoTime() < until) {
          LockSupport.parkNanos(until - System.nanoTime());
        }
        block[1] = CLOCK.getAsLong();
      }).get(10, TimeUnit.SECONDS);
      // the probe that fell due during the block runs before a task due later on the same loop
      afterTheNextProbes(loop);
      health.stop();

      List<ClientPause> pauses = health.pauses();
      ClientPause blocked = pauses.stream().filter(p -> p.lengthMs() >= BLOCK_MS).findFirst().orElseThrow(
          () -> new AssertionError("no pause of " + BLOCK_MS + " ms or more among " + pauses));
      assertThat(blocked.startMs()).as("the pause starts when the loop was last seen running, before the block")
          .isLessThanOrEqualTo(block[0]);
      assertThat(blocked.endMs()).as("and ends when the late probe ran, after it").isGreaterThanOrEqualTo(block[1]);
      // a probe is due every 5 ms: the loop was last seen about a period before the block;
      // 1 s is generous for a loaded 2-core box (measured 150.1-152.4 ms idle)
      assertThat(blocked.lengthMs()).isLessThan(BLOCK_MS + 1_000);

      // two calls: one whose token events arrive during the block, one that ended before it started
      PauseJudge judge = new PauseJudge(pauses, health.pauseMs());
      long mid = (block[0] + block[1]) / 2;
      judge.call(1, mid - 200, 195.0, new double[] {10, 10}, 230.0);
      judge.call(2, blocked.startMs() - 500, 100.0, new double[] {10}, 120.0);
      PauseJudgement judged = judge.judgement();
      assertThat(judged.perCall()).containsOnlyKeys(1L);
      assertThat(judged.perCall().get(1L)).isGreaterThanOrEqualTo((double) BLOCK_MS);
      Map<String, Object> summary = health.summary(judged, null);
      assertThat((List<?>) summary.get("warnings")).singleElement().asString()
          .contains("token events (1 call: ITL, E2E)").contains("the call: 1 (llm-calls.csv column client_pause_ms)");
      assertThat(summary).containsEntry("cpu_saturated", false).containsEntry("pause_threshold_ms", 10.0);
    } finally {
      health.stop();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void aPauseHoldingNoMeasuredStampIsANoteAndNoWarning() {
    ClientHealth health = new ClientHealth(10, CLOCK);
    PauseJudge judge = new PauseJudge(List.of(new ClientPause(0, 1_000, 1_095, 95.3)), 10);
    judge.call(1, 5_000, 200.0, new double[] {10, 10}, 230.0);
    Map<String, Object> summary = health.summary(judge.judgement(), null);
    assertThat((List<?>) summary.get("warnings")).isEmpty();
    assertThat((List<?>) summary.get("notes")).singleElement().asString().contains("95.3 ms at T−4.0 s");
  }

  /** Waits (bounded) for a task due three probe periods from now on {@code loop}: every probe due before it has run. */
  private static void afterTheNextProbes(EventLoop loop) throws Exception {
    loop.schedule(() -> { }, 3 * ClientHealth.PERIOD_MS, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);
  }
}
