package io.llmload.servermetrics;

import java.util.List;

/**
 * One metric family: the samples that share a {@code # TYPE} declaration. A histogram family
 * {@code x} holds its {@code x_bucket}, {@code x_sum}, {@code x_count} (and {@code x_created})
 * samples; a summary holds its quantile samples plus {@code _sum}/{@code _count}.
 *
 * @param help the unescaped {@code # HELP} text, or {@code null}
 */
public record MetricFamily(String name, MetricType type, String help, List<Sample> samples) {

  public MetricFamily {
    samples = List.copyOf(samples);
  }
}
