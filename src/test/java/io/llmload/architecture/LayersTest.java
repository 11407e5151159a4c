package io.llmload.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages of src/main form layers with no cycle (docs/data-path.md, "Packages"):
 * foundation (csv: RFC 4180 reading and quoting, used by every file reader); config; the measurement core (workload, stream, metrics, servermetrics, and run, the run folder);
 * the analyses (verdict, compare, sweep, merge, matrix); presentation (report); and at the edges the Gatling glue,
 * the target probe, the simulator and the command-line entry points. A class may use its own layer
 * and the layers below it, never one above.
 */
class LayersTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importMain() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.llmload");
  }

  @Test
  void packagesHaveNoCycle() {
    slices().matching("io.llmload.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void lowerLayersNeverImportHigherOnes() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("foundation").definedBy("io.llmload.csv..")
        .layer("config").definedBy("io.llmload.config..")
        .layer("core").definedBy("io.llmload.workload..", "io.llmload.stream..", "io.llmload.metrics..",
            "io.llmload.servermetrics..", "io.llmload.run..")
        .layer("analyses").definedBy("io.llmload.verdict..", "io.llmload.compare..", "io.llmload.sweep..",
            "io.llmload.merge..", "io.llmload.matrix..")
        .layer("presentation").definedBy("io.llmload.report..")
        .layer("edges").definedBy("io.llmload.gatling..", "io.llmload.target..", "io.llmload.sim..",
            "io.llmload.cli..")
        .whereLayer("edges").mayNotBeAccessedByAnyLayer()
        .whereLayer("presentation").mayOnlyBeAccessedByLayers("edges")
        .whereLayer("analyses").mayOnlyBeAccessedByLayers("presentation", "edges")
        .whereLayer("core").mayOnlyBeAccessedByLayers("analyses", "presentation", "edges")
        .whereLayer("config").mayOnlyBeAccessedByLayers("core", "analyses", "presentation", "edges")
        .check(classes);
  }

  @Test
  void everyPackageBelongsToALayer() {
    com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
        .should().resideInAnyPackage("io.llmload.csv..", "io.llmload.config..", "io.llmload.workload..", "io.llmload.stream..",
            "io.llmload.metrics..", "io.llmload.servermetrics..", "io.llmload.run..", "io.llmload.verdict..",
            "io.llmload.compare..", "io.llmload.sweep..", "io.llmload.merge..", "io.llmload.matrix..", "io.llmload.report..", "io.llmload.gatling..",
            "io.llmload.target..", "io.llmload.sim..", "io.llmload.cli..")
        .check(classes);
  }
}
