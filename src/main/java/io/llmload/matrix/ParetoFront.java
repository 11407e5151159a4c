package io.llmload.matrix;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Pareto front of configurations on two figures, one to maximise (throughput) and one to minimise (a latency):
 * a configuration is on the front when no other is at least as good on both and better on one. Configurations
 * missing either figure are left out.
 */
public final class ParetoFront {
  /** A configuration's two figures; either may be null (no value measured). */
  public record Point(String label, Double maximise, Double minimise) {
  }

  private ParetoFront() {
  }

  /** The points on the front, by the maximised figure ascending (then label). */
  public static List<Point> of(List<Point> points) {
    List<Point> valid = points.stream().filter(p -> p.maximise() != null && p.minimise() != null
        && Double.isFinite(p.maximise()) && Double.isFinite(p.minimise())).toList();
    List<Point> front = new ArrayList<>();
    for (Point p : valid) {
      boolean dominated = false;
      for (Point q : valid) {
        if (q != p && dominates(q, p)) {
          dominated = true;
          break;
        }
      }
      if (!dominated) {
        front.add(p);
      }
    }
    front.sort(Comparator.comparingDouble(Point::maximise).thenComparing(Point::label));
    return front;
  }

  /** q at least as good as p on both figures and strictly better on one. */
  static boolean dominates(Point q, Point p) {
    boolean noWorse = q.maximise() >= p.maximise() && q.minimise() <= p.minimise();
    boolean better = q.maximise() > p.maximise() || q.minimise() < p.minimise();
    return noWorse && better;
  }
}
