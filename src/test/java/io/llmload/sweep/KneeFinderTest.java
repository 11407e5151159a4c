package io.llmload.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.sweep.KneeFinder.Outcome;
import io.llmload.sweep.KneeFinder.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class KneeFinderTest {
  private static Outcome pass(double level, double tps) {
    return new Outcome(level, true, true, tps);
  }

  private static Outcome fail(double level, double tps) {
    return new Outcome(level, true, false, tps);
  }

  private static Outcome skipped(double level) {
    return new Outcome(level, false, false, null);
  }

  @Test
  void theKneeIsTheLastLevelBeforeTheFirstFailure() {
    KneeFinder.Knee k = KneeFinder.find(List.of(pass(1, 100), pass(8, 700), pass(16, 1300), fail(32, 1400), fail(64, 1380)));
    assertThat(k.status()).isEqualTo(Status.KNEE_FOUND);
    assertThat(k.knee()).isEqualTo(2);
    assertThat(k.firstFailing()).isEqualTo(3);
    assertThat(k.peak()).isEqualTo(3);
    assertThat(k.passesAboveKnee()).isFalse();
  }

  @Test
  void aLevelPassingAgainAboveAFailureDoesNotMoveTheKnee() {
    KneeFinder.Knee k = KneeFinder.find(List.of(pass(1, 100), fail(8, 600), pass(16, 900)));
    assertThat(k.knee()).isEqualTo(0);
    assertThat(k.firstFailing()).isEqualTo(1);
    assertThat(k.passesAboveKnee()).isTrue();
  }

  @Test
  void everyLevelPassingMeansNoKneeInsideTheRange() {
    KneeFinder.Knee k = KneeFinder.find(List.of(pass(1, 100), pass(2, 190)));
    assertThat(k.status()).isEqualTo(Status.NO_KNEE_IN_RANGE);
    assertThat(k.knee()).isEqualTo(1);
    assertThat(k.firstFailing()).isEqualTo(-1);
  }

  @Test
  void skippedLevelsEndTheSearch() {
    KneeFinder.Knee k = KneeFinder.find(List.of(pass(1, 100), pass(2, 190), skipped(4)));
    assertThat(k.status()).isEqualTo(Status.NO_KNEE_IN_RANGE);
    assertThat(k.knee()).isEqualTo(1);
  }

  @Test
  void theLowestLevelFailingIsBelowTheRange() {
    KneeFinder.Knee k = KneeFinder.find(List.of(fail(8, 100), fail(16, 90)));
    assertThat(k.status()).isEqualTo(Status.BELOW_RANGE);
    assertThat(k.knee()).isEqualTo(-1);
    assertThat(k.firstFailing()).isEqualTo(0);
    assertThat(k.peak()).isEqualTo(0);
  }

  @Test
  void nothingMeasuredIsNoData() {
    assertThat(KneeFinder.find(List.of(skipped(1))).status()).isEqualTo(Status.NO_DATA);
    assertThat(KneeFinder.find(List.of()).status()).isEqualTo(Status.NO_DATA);
  }
}
