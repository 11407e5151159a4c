package io.llmload.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.testing.Slow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `./mvnw gatling:enterprisePackage` builds the package Gatling Enterprise runs: every simulation of
 * src/test/java/io/llmload/simulations is declared in its manifest, and the suite's classes (main and test), its
 * dependencies and gatling.conf are inside, while Gatling and Netty are left to the load generator. Takes 1 to 4
 * minutes (3 min 26 s by hand and 4 min 25 s in this test, at load average 15-17 on two cores): Maven packs about 120 MB.
 */
@Slow
class EnterprisePackageTest {
  private static final Path PACKAGE = Path.of("target", "llm-loadtest-0.1.0-SNAPSHOT-shaded.jar");

  @Test
  void thePackageDeclaresEverySimulationAndHoldsTheSuite(@TempDir Path tmp) throws Exception {
    Files.deleteIfExists(PACKAGE);
    Subprocess.Result r = Subprocess.run(List.of("./mvnw", "-B", "-q", "gatling:enterprisePackage"), tmp, 900);
    assertThat(r.exit()).as(r.tail()).isZero();
    assertThat(PACKAGE).exists();

    Set<String> simulations;
    try (var files = Files.list(Path.of("src/test/java/io/llmload/simulations"))) {
      simulations = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith("Simulation.java"))
          .map(n -> "io.llmload.simulations." + n.substring(0, n.length() - ".java".length()))
          .collect(Collectors.toCollection(TreeSet::new));
    }
    assertThat(simulations).contains("io.llmload.simulations.MixedWorkloadSimulation");
    try (JarFile jar = new JarFile(PACKAGE.toFile())) {
      var manifest = jar.getManifest().getMainAttributes();
      assertThat(new TreeSet<>(List.of(manifest.getValue("Gatling-Simulations").split(","))))
          .as("Gatling-Simulations").isEqualTo(simulations);
      assertThat(manifest.getValue("Gatling-Version")).isEqualTo("3.15.1");
      assertThat(manifest.getValue("Java-Version")).isEqualTo("17");
      Set<String> entries = Collections.list(jar.entries()).stream().map(e -> e.getName()).collect(Collectors.toSet());
      assertThat(entries).contains("io/llmload/simulations/Runs.class", "io/llmload/gatling/LlmRun.class",
          "io/llmload/gatling/GatlingInternals.class", "io/llmload/sim/VllmSimulator.class", "gatling.conf",
          "com/knuddels/jtokkit/Encodings.class", "org/HdrHistogram/Histogram.class",
          "native/lib/linux-x86_64/cpu/libtokenizers.so");
      assertThat(entries).as("Gatling and Netty come from the load generator")
          .noneMatch(e -> e.startsWith("io/gatling/") || e.startsWith("io/netty/"));
    }
  }
}
