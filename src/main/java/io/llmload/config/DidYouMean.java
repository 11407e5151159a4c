package io.llmload.config;

import java.util.Collection;
import java.util.Locale;

/**
 * The nearest known name to a mistyped one, by edit distance (Levenshtein, letters compared without
 * case), or null when none is near enough to be the likely intent.
 */
public final class DidYouMean {
  private DidYouMean() {
  }

  /** The candidate closest to {@code name}: at most 2 edits, or a quarter of the name's length when longer. */
  public static String nearest(String name, Collection<String> candidates) {
    int limit = Math.max(2, name.length() / 4);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = distance(name, candidate);
      if (d <= limit && d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Levenshtein distance: insertions, deletions and substitutions; case is ignored. */
  public static int distance(String a, String b) {
    String x = a.toLowerCase(Locale.ROOT);
    String y = b.toLowerCase(Locale.ROOT);
    int[] previous = new int[y.length() + 1];
    int[] current = new int[y.length() + 1];
    for (int j = 0; j <= y.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= x.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= y.length(); j++) {
        int substitution = previous[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[y.length()];
  }
}
