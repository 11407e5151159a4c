package io.llmload.matrix;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The ranking of a matrix under the user's SLOs: the configurations that meet them first, by goodput (good calls
 * per second: ok and within every objective, metrics.SloPolicy's definition, as each run's summary counts it),
 * highest first; then those that do not, by the same figure; a configuration without a run is not ranked. Ties are
 * broken by output tokens/s, then by label. Without SLOs every ok call is good, so goodput is the ok calls' rate,
 * and "meets" means only the error-rate bound.
 */
public final class MatrixRanking {
  /**
   * One configuration's figures.
   *
   * @param goodputPerS     good calls/s (a sweep: at its knee), null when not measured
   * @param meets           every objective held at the SLO percentile and the error rate within its bound
   * @param why             what was broken when it does not meet them, else null
   * @param tokensPerJoule  output tokens per joule when GPU energy was measured, else null
   */
  public record Candidate(String label, Double goodputPerS, boolean meets, String why, Double outputTokensPerS,
                          Double tokensPerJoule) {
  }

  /** A ranked configuration: place from 1. */
  public record Place(int rank, Candidate candidate) {
  }

  private MatrixRanking() {
  }

  public static List<Place> rank(List<Candidate> candidates) {
    Comparator<Double> highFirst = Comparator.nullsLast(Comparator.reverseOrder());
    List<Candidate> sorted = new ArrayList<>(candidates);
    sorted.sort(Comparator.comparing((Candidate c) -> !c.meets())
        .thenComparing(Candidate::goodputPerS, highFirst)
        .thenComparing(Candidate::outputTokensPerS, highFirst)
        .thenComparing(Candidate::label));
    List<Place> out = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      out.add(new Place(i + 1, sorted.get(i)));
    }
    return out;
  }
}
