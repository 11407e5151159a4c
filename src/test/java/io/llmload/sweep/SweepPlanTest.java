package io.llmload.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SweepPlanTest {
  private final SweepPlan plan = new SweepPlan(List.of(1.0, 8.0, 16.0), 2, 10);

  @Test
  void levelsFollowEachOtherWithSettleThenHold() {
    assertThat(plan.levels()).extracting(SweepPlan.Level::startMs).containsExactly(0L, 12_000L, 24_000L);
    assertThat(plan.levels()).extracting(SweepPlan.Level::measureStartMs).containsExactly(2_000L, 14_000L, 26_000L);
    assertThat(plan.levels()).extracting(SweepPlan.Level::endMs).containsExactly(12_000L, 24_000L, 36_000L);
    assertThat(plan.levels()).extracting(SweepPlan.Level::tag).containsExactly("level_1", "level_8", "level_16");
    assertThat(plan.totalMs()).isEqualTo(36_000);
    assertThat(plan.level(1).holdMs()).isEqualTo(10_000);
  }

  @Test
  void aJourneyIsTaggedWithTheLevelWhoseMeasuredWindowHoldsItsStart() {
    assertThat(plan.tagAt(0)).isEqualTo(SweepPlan.SETTLE);
    assertThat(plan.tagAt(1_999)).isEqualTo(SweepPlan.SETTLE);
    assertThat(plan.tagAt(2_000)).isEqualTo("level_1");
    assertThat(plan.tagAt(11_999)).isEqualTo("level_1");
    assertThat(plan.tagAt(12_000)).isEqualTo(SweepPlan.SETTLE);
    assertThat(plan.tagAt(14_000)).isEqualTo("level_8");
    assertThat(plan.tagAt(35_999)).isEqualTo("level_16");
    assertThat(plan.tagAt(36_000)).isNull();
    assertThat(plan.levelAt(-1)).isEqualTo(-1);
    assertThat(plan.levelAt(13_000)).isEqualTo(1);
  }

  @Test
  void withoutSettleEveryStartCounts() {
    SweepPlan p = new SweepPlan(List.of(0.5, 2.0), 0, 1);
    assertThat(p.tagAt(0)).isEqualTo("level_0.5");
    assertThat(p.tagAt(1_000)).isEqualTo("level_2");
  }

  @Test
  void aPlanNeedsLevelsAndAHold() {
    assertThatThrownBy(() -> new SweepPlan(List.of(), 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SweepPlan(List.of(1.0), 1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
