package io.llmload.sim;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/** A Prometheus histogram (fixed upper bounds, seconds); lock-free, rendered cumulatively. */
final class PromHistogram {
  final String name;
  final String help;
  private final double[] bounds;
  private final AtomicLongArray counts; // non-cumulative; last slot = +Inf
  private final DoubleAdder sum = new DoubleAdder();

  PromHistogram(String name, String help, double... bounds) {
    this.name = name;
    this.help = help;
    this.bounds = bounds.clone();
    this.counts = new AtomicLongArray(bounds.length + 1);
  }

  void observe(double v) {
    int i = 0;
    while (i < bounds.length && v > bounds[i]) i++;
    counts.incrementAndGet(i);
    sum.add(v);
  }

  long count() {
    long c = 0;
    for (int i = 0; i < counts.length(); i++) c += counts.get(i);
    return c;
  }

  double sum() {
    return sum.sum();
  }

  void render(StringBuilder sb, String labels) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE ").append(name).append(" histogram\n");
    long cumulative = 0;
    for (int i = 0; i <= bounds.length; i++) {
      cumulative += counts.get(i);
      String le = i < bounds.length ? Double.toString(bounds[i]) : "+Inf";
      sb.append(name).append("_bucket{").append(labels).append(",le=\"").append(le).append("\"} ")
          .append((double) cumulative).append('\n');
    }
    sb.append(name).append("_count{").append(labels).append("} ").append((double) cumulative).append('\n');
    sb.append(name).append("_sum{").append(labels).append("} ").append(sum.sum()).append('\n');
  }
}
