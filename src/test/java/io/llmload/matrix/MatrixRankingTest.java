package io.llmload.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.matrix.MatrixRanking.Candidate;
import io.llmload.matrix.MatrixRanking.Place;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatrixRankingTest {
  @Test
  void meetingTheSlosComesFirstThenGoodputThenThroughputThenLabel() {
    List<Place> ranking = MatrixRanking.rank(List.of(
        new Candidate("fast-but-broken", 50.0, false, "ttft p95 900 ms > 500 ms", 9000.0, null),
        new Candidate("ok-low", 10.0, true, null, 1000.0, 3.0),
        new Candidate("ok-high", 20.0, true, null, 1500.0, null),
        new Candidate("ok-tie-b", 15.0, true, null, 1200.0, null),
        new Candidate("ok-tie-a", 15.0, true, null, 1200.0, null),
        new Candidate("ok-tie-more", 15.0, true, null, 1300.0, null),
        new Candidate("broken-none", null, false, "no calls", null, null),
        new Candidate("broken-low", 5.0, false, "errors", 800.0, null)));
    assertThat(ranking).extracting(p -> p.candidate().label()).containsExactly("ok-high", "ok-tie-more", "ok-tie-a",
        "ok-tie-b", "ok-low", "fast-but-broken", "broken-low", "broken-none");
    assertThat(ranking).extracting(Place::rank).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
  }
}
