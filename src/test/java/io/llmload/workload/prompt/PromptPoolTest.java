package io.llmload.workload.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PromptPoolTest {

  /** Generous: the box has two cores shared with other builds; these are upper bounds, not the point. */
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private static final String TASK = PromptFactoryTest.TASK;

  private final PromptFactory factory = new PromptFactory("cl100k_base", 2024, 0);

  private static List<PromptSpec> plan(int calls, int tokens) {
    List<PromptSpec> plan = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      plan.add(new PromptSpec(i, tokens + 7 * i, i % 2 == 0 ? TASK : null));
    }
    return plan;
  }

  @Test
  void prebuiltPromptsAreHandedOutWithoutDelayAndEqualBuild() throws Exception {
    List<PromptSpec> plan = plan(30, 300);
    try (PromptPool pool = new PromptPool(factory, plan, 64)) {
      assertThat(pool.awaitPrebuilt(30, PATIENCE)).isTrue();
      for (PromptSpec spec : plan) {
        String text = pool.take(spec.callIndex(), spec.tokens(), spec.instruction());
        assertThat(text).isEqualTo(factory.build(spec.callIndex(), spec.tokens(), spec.instruction()));
        assertThat(factory.count(text)).isEqualTo(spec.tokens());
      }
      PromptPool.Stats stats = pool.stats();
      assertThat(stats.taken()).isEqualTo(30);
      assertThat(stats.prebuiltHits()).isEqualTo(30);
      assertThat(stats.delayed()).isZero();
      assertThat(stats.delayNanos()).isZero();
      assertThat(stats.unplanned()).isZero();
      assertThat(stats.ready()).isZero();
      assertThat(stats.describe()).startsWith("prompt building delayed 0 of 30 requests by 0.0 ms");
    }
  }

  @Test
  void aPoolThatIsBehindDelaysTheCallerAndCountsIt() throws Exception {
    List<PromptSpec> plan = plan(6, 400);
    try (PromptPool pool = new PromptPool(factory, plan, 1)) {
      // Capacity 1: the pool builds call 0, then waits for room; call 3 cannot have been started.
      assertThat(pool.awaitPrebuilt(1, PATIENCE)).isTrue();
      PromptSpec third = plan.get(3);
      assertThat(pool.take(3, third.tokens(), third.instruction()))
          .isEqualTo(factory.build(3, third.tokens(), third.instruction()));
      assertThat(pool.stats().delayed()).isEqualTo(1);
      assertThat(pool.stats().delayNanos()).isPositive();

      PromptSpec first = plan.get(0);
      assertThat(pool.take(0, first.tokens(), first.instruction()))
          .isEqualTo(factory.build(0, first.tokens(), first.instruction()));
      assertThat(pool.stats().prebuiltHits()).isEqualTo(1);

      for (int i : new int[] {1, 2, 4, 5}) {
        PromptSpec spec = plan.get(i);
        assertThat(pool.take(i, spec.tokens(), spec.instruction()))
            .isEqualTo(factory.build(i, spec.tokens(), spec.instruction()));
      }
      PromptPool.Stats stats = pool.stats();
      assertThat(stats.taken()).isEqualTo(6);
      assertThat(stats.prebuiltHits() + stats.delayed()).isEqualTo(6);
      assertThat(stats.delayed()).isGreaterThanOrEqualTo(1);
      assertThat(stats.maxDelayNanos()).isPositive().isLessThanOrEqualTo(stats.delayNanos());
      assertThat(stats.unplanned()).isZero();
      assertThat(stats.describe()).matches("prompt building delayed \\d of 6 requests by [0-9.]+ ms in total.*");
    }
  }

  @Test
  void memoryIsBoundedByTheCapacity() throws Exception {
    List<PromptSpec> plan = plan(20, 200);
    try (PromptPool pool = new PromptPool(factory, plan, 3)) {
      assertThat(pool.awaitPrebuilt(3, PATIENCE)).isTrue();
      // A fourth cannot be built while three wait to be taken: this wait runs out by design.
      assertThat(pool.awaitPrebuilt(4, Duration.ofMillis(300))).isFalse();
      assertThat(pool.stats().ready()).isEqualTo(3);
      pool.take(0, plan.get(0).tokens(), plan.get(0).instruction());
      assertThat(pool.awaitPrebuilt(4, PATIENCE)).isTrue();
      assertThat(pool.stats().ready()).isEqualTo(3);
    }
  }

  @Test
  void unplannedCallsAndChangedShapesAreBuiltByTheCallerAndFreeTheirRoom() throws Exception {
    List<PromptSpec> plan = List.of(new PromptSpec(5, 300, null), new PromptSpec(6, 300, null));
    try (PromptPool pool = new PromptPool(factory, plan, 1)) {
      assertThat(pool.awaitPrebuilt(1, PATIENCE)).isTrue();
      assertThat(pool.take(99, 250, TASK)).isEqualTo(factory.build(99, 250, TASK));
      // Call 5 was prebuilt with 300 tokens; asking for 400 gives the 400-token prompt.
      assertThat(pool.take(5, 400, null)).isEqualTo(factory.build(5, 400));
      // The discarded prompt's room lets the pool build call 6.
      assertThat(pool.awaitPrebuilt(2, PATIENCE)).isTrue();
      assertThat(pool.take(6, 300, null)).isEqualTo(factory.build(6, 300));
      PromptPool.Stats stats = pool.stats();
      assertThat(stats.unplanned()).isEqualTo(2);
      assertThat(stats.delayed()).isEqualTo(2);
      assertThat(stats.prebuiltHits()).isEqualTo(1);
      assertThat(stats.describe()).endsWith("; 2 were not in the plan");
      // Taking the same call again still gives the right text.
      assertThat(pool.take(6, 300, null)).isEqualTo(factory.build(6, 300));
    }
  }

  @Test
  void callsPlannedLaterAreBuiltToo() throws Exception {
    try (PromptPool pool = new PromptPool(factory, List.of(), 8)) {
      pool.plan(List.of(new PromptSpec(10, 500, TASK), new PromptSpec(11, 600, null)));
      assertThat(pool.awaitPrebuilt(2, PATIENCE)).isTrue();
      assertThat(pool.take(11, 600, null)).isEqualTo(factory.build(11, 600));
      assertThat(pool.take(10, 500, TASK)).isEqualTo(factory.build(10, 500, TASK));
      assertThat(pool.stats().prebuiltHits()).isEqualTo(2);
    }
  }

  @Test
  void manyThreadsTakingConcurrentlyGetTheRightTexts() throws Exception {
    List<PromptSpec> plan = plan(60, 300);
    ExecutorService users = Executors.newFixedThreadPool(4);
    try (PromptPool pool = new PromptPool(factory, plan, 5)) {
      List<Future<String>> results = new ArrayList<>();
      for (PromptSpec spec : plan) {
        results.add(users.submit(() -> pool.take(spec.callIndex(), spec.tokens(), spec.instruction())));
      }
      for (int i = 0; i < plan.size(); i++) {
        PromptSpec spec = plan.get(i);
        assertThat(results.get(i).get()).isEqualTo(factory.build(i, spec.tokens(), spec.instruction()));
      }
      PromptPool.Stats stats = pool.stats();
      assertThat(stats.taken()).isEqualTo(60);
      assertThat(stats.prebuiltHits() + stats.delayed()).isEqualTo(60);
      assertThat(stats.ready()).isBetween(0, 5);
    } finally {
      users.shutdownNow();
    }
  }

  @Test
  void buildErrorsReachTheCaller() throws Exception {
    try (PromptPool pool = new PromptPool(factory, List.of(new PromptSpec(1, 3, null)), 2)) {
      assertThat(pool.awaitPrebuilt(1, PATIENCE)).isTrue();
      assertThatThrownBy(() -> pool.take(1, 3, null)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("too small");
    }
  }

  @Test
  void rejectsDuplicatePlansAndStopsItsThreadOnClose() throws Exception {
    List<PromptSpec> twice = List.of(new PromptSpec(1, 300, null), new PromptSpec(1, 400, null));
    assertThatThrownBy(() -> new PromptPool(factory, twice, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PromptPool(factory, List.of(), 0)).isInstanceOf(IllegalArgumentException.class);

    PromptPool pool = new PromptPool(factory, plan(50, 300), 2);
    pool.close();
    assertThat(pool.awaitBuilderStopped(PATIENCE)).isTrue();
    assertThat(pool.take(7, 300 + 7 * 7, null)).isEqualTo(factory.build(7, 349));
  }
}
