package io.llmload.config;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** An inclusive range of token counts, drawn uniformly like the seed's random.randint(min, max). */
public record TokenRange(int min, int max) {
  public TokenRange {
    if (min < 1 || max < min) {
      throw new IllegalArgumentException("token range " + min + "-" + max + " needs 1 <= min <= max");
    }
  }

  public int draw(SplittableRandom random) {
    return min + random.nextInt(max - min + 1);
  }

  @Override
  public String toString() {
    return min + "-" + max;
  }

  /** Reads {@code property.min} and {@code property.max}. */
  static TokenRange read(Settings settings, String property, int defaultMin, int defaultMax) {
    int min = (int) settings.integer(property + ".min", defaultMin, 1, 10_000_000);
    int max = (int) settings.integer(property + ".max", defaultMax, 1, 10_000_000);
    if (min > max) {
      throw new ConfigException(property + ".min=" + min + " is above " + property + ".max=" + max
          + "; set -D" + property + ".min <= -D" + property + ".max");
    }
    return new TokenRange(min, max);
  }

  /** Reads a list like "800-1500,1500-2500". */
  static List<TokenRange> readList(Settings settings, String property, String defaultValue) {
    String value = settings.string(property, defaultValue);
    List<TokenRange> ranges = new ArrayList<>();
    for (String part : value.split(",")) {
      String[] bounds = part.trim().split("-");
      try {
        if (bounds.length != 2) {
          throw new NumberFormatException();
        }
        int min = Integer.parseInt(bounds[0].trim());
        int max = Integer.parseInt(bounds[1].trim());
        if (min < 1 || min > max) {
          throw new ConfigException(property + "=" + value + ": range '" + part.trim()
              + "' needs 1 <= min <= max; write it as min-max, e.g. -D" + property + "=" + defaultValue);
        }
        ranges.add(new TokenRange(min, max));
      } catch (NumberFormatException e) {
        throw new ConfigException(property + "=" + value + ": '" + part.trim()
            + "' is not a token range; write comma-separated min-max ranges, e.g. -D" + property + "=" + defaultValue);
      }
    }
    return List.copyOf(ranges);
  }
}
