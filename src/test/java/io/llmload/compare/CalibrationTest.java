package io.llmload.compare;

import io.llmload.testing.SyntheticRun;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures the false-positive rate of every overall figure over many pairs of runs drawn from the same
 * distribution (nominal 5%). Opt-in, about a minute:
 * ./mvnw -B -q test -Dtest=CalibrationTest -Dcompare.calibration=40
 */
@EnabledIfSystemProperty(named = "compare.calibration", matches = "\\d+")
class CalibrationTest {
  @TempDir
  Path dir;

  @Test
  void falsePositiveRates() throws Exception {
    int pairs = Integer.getInteger("compare.calibration");
    Map<String, Integer> flagged = new LinkedHashMap<>();
    int[] perPair = new int[13];
    for (int p = 0; p < pairs; p++) {
      // call counts vary like a Poisson count (sd = sqrt(2000)), as they do between real runs
      java.util.SplittableRandom counts = new java.util.SplittableRandom(p);
      int na = (int) Math.round(2000 + Math.sqrt(2000) * gaussian(counts));
      int nb = (int) Math.round(2000 + Math.sqrt(2000) * gaussian(counts));
      Path a = new SyntheticRun().label("a" + p).seed(1000 + p).calls(na).write(dir);
      Path b = new SyntheticRun().label("b" + p).seed(5000 + p).calls(nb).write(dir);
      RunComparison c = RunComparison.of(RunData.load(a), RunData.load(b), new GroupComparator(1000, p));
      int main = 0;
      for (FigureResult f : c.figures("overall")) {
        boolean hit = f.change() == Change.WORSE || f.change() == Change.BETTER;
        flagged.merge(f.figureName(), hit ? 1 : 0, Integer::sum);
        if (hit && GroupComparatorTest.MAIN.contains(f.figureName())) {
          main++;
        }
      }
      perPair[Math.min(12, main)]++;
    }
    StringBuilder sb = new StringBuilder("false-positive rate over " + pairs + " pairs:\n");
    flagged.forEach((k, v) -> sb.append(String.format("  %-30s %5.1f%%%n", k, 100.0 * v / pairs)));
    sb.append("pairs by number of the 12 main figures flagged: ");
    for (int i = 0; i < perPair.length; i++) {
      if (perPair[i] > 0) {
        sb.append(i).append(':').append(perPair[i]).append("  ");
      }
    }
    System.out.println(sb);
    assertThat(flagged).isNotEmpty();
  }

  private static double gaussian(java.util.SplittableRandom rnd) {
    return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
  }
}
