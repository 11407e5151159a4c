package io.llmload.gatling;

import io.llmload.report.RunArchive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Puts Gatling's HTML report beside the LLM files and keeps the run under reports/. Gatling writes its
 * report after the simulation ends, so this runs from a JVM shutdown hook, when Gatling is done; the
 * hook also turns the exit code red (2, as Gatling does for failed assertions) when the run's
 * verdict or a step of its end failed, archiving included, so `./mvnw gatling:test` fails the build.
 */
final class RunArchiver {
  private RunArchiver() {
  }

  static void register(Path runDir, Path gatlingResults, String simulation, Path reportsRoot, String label,
                       Instant started, boolean archive, java.util.function.BooleanSupplier runFailed) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      boolean archiveFailed = false;
      try {
        if (archive) {
          latestGatlingReport(gatlingResults, simulation, started).ifPresent(report -> copyInto(report, runDir));
          Path kept = RunArchive.archive(runDir, reportsRoot, label, started);
          System.out.println("LLM run archived: " + kept.toAbsolutePath() + "/llm-report.html");
          System.out.println("LLM runs index:   " + reportsRoot.resolve(RunArchive.INDEX).toAbsolutePath());
        }
      } catch (RuntimeException e) {
        archiveFailed = true;
        System.out.println("LLM: the end of the run failed: archiving the run (" + e + ")");
      }
      if (archiveFailed || runFailed.getAsBoolean()) {
        System.out.flush();
        Runtime.getRuntime().halt(2);
      }
    }, "llm-archive"));
  }

  /** Gatling's run folder for this simulation, created after the run started. */
  static Optional<Path> latestGatlingReport(Path results, String simulation, Instant started) {
    if (!Files.isDirectory(results)) {
      return Optional.empty();
    }
    String prefix = simulation.toLowerCase();
    try (Stream<Path> dirs = Files.list(results)) {
      return dirs.filter(Files::isDirectory)
          .filter(d -> d.getFileName().toString().startsWith(prefix))
          .filter(d -> Files.isRegularFile(d.resolve("index.html")))
          .filter(d -> modified(d) >= started.toEpochMilli() - 1000)
          .max(Comparator.comparingLong(RunArchiver::modified));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  static void copyInto(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else if (!Files.exists(target)) {
          Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
