package io.llmload.cli;

import io.llmload.compare.GroupComparator;
import io.llmload.compare.RunComparison;
import io.llmload.compare.RunData;
import io.llmload.compare.RunDataException;
import io.llmload.config.ConfigException;
import io.llmload.config.FamilyGrammar;
import io.llmload.config.Settings;
import io.llmload.run.AtomicFiles;
import io.llmload.report.CompareHtmlReport;
import io.llmload.report.CompareJsonReport;
import io.llmload.report.CompareMarkdownReport;
import io.llmload.verdict.RegressionGate;
import io.llmload.verdict.RegressionThresholds;
import io.llmload.verdict.Check;
import io.llmload.verdict.JUnitXmlWriter;
import io.llmload.verdict.VerdictFormatter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares archived runs: {@code ./mvnw -q compile exec:java@compare -Dcompare.runs=reports/A,reports/B}.
 *
 * <ul>
 *   <li>{@code compare.runs}: comma-separated run folders, at least two; the first is the baseline</li>
 *   <li>{@code compare.out}: where compare-&lt;labels&gt;.html and the same comparison as JSON,
 *       compare-&lt;labels&gt;.json ({@link JsonReport}), go (default: the first run's parent folder)</li>
 *   <li>{@code compare.resamples} (default 2000), {@code compare.seed} (default 42)</li>
 *   <li>{@code llm.regression.*}: regression thresholds (see {@link RegressionThresholds}); when any is
 *       given, every run is gated against the baseline, JUnit XML is written to {@code compare.junit}
 *       (default target/compare-junit.xml) and the exit code is 1 when a gate fails</li>
 * </ul>
 * An unknown llm.*, compare.* (or other of the suite's) key is bad input, named with the nearest known one.
 * Exit codes: 0 ok, 1 regression, 2 bad input (message on stderr).
 */
public final class CompareMain {
  public static final int OK = 0;
  public static final int REGRESSION = 1;
  public static final int BAD_INPUT = 2;

  private CompareMain() {
  }

  public static void main(String[] args) {
    int code = run(Settings.fromSystem(), System.out, System.err);
    if (code != OK) {
      System.exit(code);
    }
  }

  /** Everything but the exit, over these -D properties (no environment): returns the exit code. */
  public static int run(Map<String, String> props, PrintStream out, PrintStream err) {
    return run(Settings.of(props), out, err);
  }

  /** Everything but the exit: refuses unknown settings, then compares; returns the exit code. */
  public static int run(Settings settings, PrintStream out, PrintStream err) {
    try {
      return compare(settings.check(), out, err);
    } catch (BadInput | RunDataException | ConfigException | IllegalArgumentException e) {
      err.println("compare: " + e.getMessage());
      return BAD_INPUT;
    } catch (IOException | UncheckedIOException e) {
      err.println("compare: cannot write the report: " + e.getMessage());
      return BAD_INPUT;
    }
  }

  private static int compare(Settings settings, PrintStream out, PrintStream err) throws IOException {
    String runsProp = settings.string("compare.runs", null);
    if (runsProp == null) {
      throw new BadInput("no runs given; set -Dcompare.runs=reports/<baseline>,reports/<run>[,...] "
          + "(archived run folders, the first one is the baseline)");
    }
    List<Path> dirs = new ArrayList<>();
    for (String part : runsProp.split(",")) {
      if (!part.isBlank()) {
        dirs.add(Path.of(part.trim()));
      }
    }
    if (dirs.size() < 2) {
      throw new BadInput("-Dcompare.runs names " + dirs.size() + " run (" + runsProp.trim()
          + "); give at least two comma-separated run folders, the first one is the baseline");
    }
    int resamples = (int) settings.integer("compare.resamples", GroupComparator.DEFAULT_RESAMPLES, 100, 1_000_000);
    long seed = settings.integer("compare.seed", GroupComparator.DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
    RegressionThresholds thresholds = RegressionThresholds.fromProperties(settings.family(FamilyGrammar.REGRESSION));
    String outSetting = settings.string("compare.out", null);
    Path outDir = outSetting != null ? Path.of(outSetting) : parentOf(dirs.get(0));
    Path junit = Path.of(settings.string("compare.junit", "target/compare-junit.xml"));

    List<RunData> runs = new ArrayList<>();
    for (Path d : dirs) {
      runs.add(RunData.load(d));
    }
    GroupComparator comparator = new GroupComparator(resamples, seed);
    List<RunComparison> comparisons = new ArrayList<>();
    for (int i = 1; i < runs.size(); i++) {
      comparisons.add(RunComparison.of(runs.get(0), runs.get(i), comparator));
    }
    out.print(CompareMarkdownReport.render(comparisons, comparator));

    Files.createDirectories(outDir);
    String name = reportName(runs);
    Path html = outDir.resolve(name + ".html");
    AtomicFiles.write(html, CompareHtmlReport.render(runs, comparisons, comparator));
    out.println("HTML report: " + html);
    for (RunComparison c : comparisons) {
      if (!c.comparability().comparable()) {
        err.println("compare: WARNING " + c.current().label() + " is NOT comparable with baseline "
            + c.baseline().label() + ": " + String.join("; ", c.comparability().differences()));
      }
    }
    List<Check> checks = null;
    if (!thresholds.isEmpty()) {
      RegressionGate gate = new RegressionGate(thresholds, comparator);
      checks = new ArrayList<>();
      for (int i = 1; i < runs.size(); i++) {
        String prefix = runs.size() > 2 ? runs.get(i).label() + ": " : "";
        checks.addAll(gate.evaluate(runs.get(0).group(RegressionGate.GROUP), runs.get(i).group(RegressionGate.GROUP),
            prefix));
      }
    }
    Path json = outDir.resolve(name + ".json");
    AtomicFiles.write(json, CompareJsonReport.render(comparisons, comparator, checks));
    out.println("JSON report: " + json);
    if (checks == null) {
      return OK;
    }
    JUnitXmlWriter.write(junit, "regression vs " + runs.get(0).label(), checks);
    String message = VerdictFormatter.describe("Regression gate vs baseline " + runs.get(0).label(), checks);
    boolean failed = checks.stream().anyMatch(c -> !c.passed());
    (failed ? err : out).println(message);
    out.println("JUnit XML: " + junit);
    return failed ? REGRESSION : OK;
  }

  /**
   * compare-&lt;label1&gt;_vs_&lt;label2&gt;…, labels reduced to safe file-name characters: the name of the
   * .html and .json files, without the extension.
   */
  static String reportName(List<RunData> runs) {
    List<String> labels = runs.stream().map(r -> r.label().replaceAll("[^A-Za-z0-9._-]+", "_")).toList();
    String name = String.join("_vs_", labels);
    if (name.length() > 180) {
      name = name.substring(0, 180);
    }
    return "compare-" + name;
  }

  private static Path parentOf(Path dir) {
    Path parent = dir.toAbsolutePath().normalize().getParent();
    return parent == null ? Path.of(".") : parent;
  }

  /** Wrong or missing command-line input: one message, exit code 2. */
  static final class BadInput extends RuntimeException {
    BadInput(String message) {
      super(message);
    }
  }
}
