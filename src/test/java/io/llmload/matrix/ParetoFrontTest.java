package io.llmload.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.matrix.ParetoFront.Point;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParetoFrontTest {
  @Test
  void keepsOnlyConfigurationsNoOtherBeatsOnBothFigures() {
    // throughput (max) vs p95 latency (min)
    List<Point> points = List.of(
        new Point("a", 100.0, 50.0),   // front: lowest latency
        new Point("b", 200.0, 80.0),   // front
        new Point("c", 150.0, 90.0),   // dominated by b (more throughput, less latency)
        new Point("d", 300.0, 200.0),  // front: highest throughput
        new Point("e", 300.0, 250.0),  // dominated by d (same throughput, more latency)
        new Point("f", 90.0, 50.0),    // dominated by a (same latency, less throughput)
        new Point("g", null, 10.0));   // not measured: left out
    assertThat(ParetoFront.of(points)).extracting(Point::label).containsExactly("a", "b", "d");
  }

  @Test
  void equalPointsAreBothOnTheFront() {
    assertThat(ParetoFront.of(List.of(new Point("x", 10.0, 5.0), new Point("y", 10.0, 5.0), new Point("z", 9.0, 6.0))))
        .extracting(Point::label).containsExactly("x", "y");
  }

  @Test
  void aConfigurationBetterOnBothIsTheWholeFront() {
    assertThat(ParetoFront.of(List.of(new Point("small", 100.0, 900.0), new Point("mid", 400.0, 300.0),
        new Point("big", 1000.0, 120.0)))).extracting(Point::label).containsExactly("big");
  }
}
