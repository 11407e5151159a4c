package io.llmload.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmload.run.GpuFigures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Energy figures side by side: plain Δ and Δ%, null where a run has no figure, nothing without either. */
class EnergyComparisonTest {
  private static GpuFigures gpu(double energy, double perToken, double perJoule) {
    return new GpuFigures("url", "energy_counter", 1, 10.0, energy, energy / 10, perToken, energy / 100, perJoule,
        List.of(), List.of());
  }

  @Test
  void deltasAreRunMinusBaseline() {
    List<EnergyComparison> rows = EnergyComparison.of(gpu(1000, 0.5, 2), gpu(1500, 0.25, 4));
    EnergyComparison perToken = rows.get(0);
    assertThat(perToken.key()).isEqualTo("joules_per_output_token");
    assertThat(perToken.lowerIsBetter()).isTrue();
    assertThat(perToken.delta()).isCloseTo(-0.25, within(1e-12));
    assertThat(perToken.deltaPct()).isCloseTo(-50.0, within(1e-9));
    EnergyComparison perJoule = rows.get(1);
    assertThat(perJoule.key()).isEqualTo("output_tokens_per_joule");
    assertThat(perJoule.lowerIsBetter()).isFalse();
    assertThat(perJoule.deltaPct()).isCloseTo(100.0, within(1e-9));
    assertThat(rows).extracting(EnergyComparison::key).contains("joules_per_request", "avg_power_w", "energy_j");
  }

  @Test
  void aRunWithoutFiguresShowsNullsAndNeitherShowsNothing() {
    List<EnergyComparison> rows = EnergyComparison.of(null, gpu(1000, 0.5, 2));
    assertThat(rows.get(0).baseline()).isNull();
    assertThat(rows.get(0).current()).isEqualTo(0.5);
    assertThat(rows.get(0).delta()).isNull();
    assertThat(rows.get(0).deltaPct()).isNull();
    assertThat(EnergyComparison.of(null, null)).isEmpty();
  }
}
