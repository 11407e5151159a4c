package io.llmload.compare;

import io.llmload.testing.SyntheticRun;
import io.llmload.report.CompareMarkdownReport;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures load + compare time for 10,000 calls × 2 runs at 2,000 resamples. Opt-in (it writes ~60 MB
 * of CSV): ./mvnw -B -q test -Dtest=ComparePerformanceTest -Dcompare.perf=true
 */
@EnabledIfSystemProperty(named = "compare.perf", matches = "true")
class ComparePerformanceTest {
  @TempDir
  Path dir;

  /** CPU time of the whole process (all threads), ns. */
  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  @Test
  void tenThousandCallsTwoRuns() throws Exception {
    long t0 = System.nanoTime();
    Path a = new SyntheticRun().label("A").seed(1).calls(10_000).write(dir);
    Path b = new SyntheticRun().label("B").seed(2).calls(10_000).ttftFactor(1.1).write(dir);
    long t1 = System.nanoTime();
    long cpu1 = cpu();
    RunData ra = RunData.load(a);
    RunData rb = RunData.load(b);
    long t2 = System.nanoTime();
    long cpu2 = cpu();
    RunComparison c = RunComparison.of(ra, rb, new GroupComparator(2000, 7));
    long t3 = System.nanoTime();
    long cpu3 = cpu();
    System.out.printf("write %.1f s, load %.2f s (cpu %.2f s), compare (%d groups, %d figures) %.2f s (cpu %.2f s),"
            + " load average %.1f%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9, (cpu2 - cpu1) / 1e9, c.groups().size(),
        c.figures().size(), (t3 - t2) / 1e9, (cpu3 - cpu2) / 1e9,
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    for (int i = 0; i < 2; i++) {
      long s = System.nanoTime();
      long c0 = cpu();
      RunData.load(a);
      System.out.printf("load again: %.2f s (cpu %.2f s)%n", (System.nanoTime() - s) / 1e9, (cpu() - c0) / 1e9);
    }
    GroupComparator gc = new GroupComparator(2000, 7);
    for (Metric m : GroupComparator.METRICS) {
      long s = System.nanoTime();
      gc.compare("overall", m, ra.group("overall"), rb.group("overall"));
      System.out.printf("overall %s: %.2f s%n", m, (System.nanoTime() - s) / 1e9);
    }
    System.out.println(CompareMarkdownReport.render(List.of(c), new GroupComparator(2000, 7)));
    assertThat(c.figures()).isNotEmpty();
  }
}
