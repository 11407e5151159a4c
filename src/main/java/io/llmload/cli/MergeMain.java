package io.llmload.cli;

import io.llmload.config.ConfigException;
import io.llmload.config.FamilyGrammar;
import io.llmload.config.Settings;
import io.llmload.merge.MergeException;
import io.llmload.merge.ShardMerge;
import io.llmload.merge.ShardRun;
import io.llmload.metrics.SloPolicy;
import io.llmload.report.LlmReportPage;
import io.llmload.report.RunArchive;
import io.llmload.run.RunFolderException;
import io.llmload.csv.CsvFormatException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Merges the run folders of a sharded run (llm.shard=I/N) into one run folder:
 * {@code ./mvnw -q compile exec:java@merge -Dmerge.runs=<folders or a parent folder>}.
 *
 * <ul>
 *   <li>{@code merge.runs}: comma-separated shard run folders, or folders that hold them</li>
 *   <li>{@code merge.out}: where the merged run folder is created (default: the folder holding the first shard)</li>
 *   <li>{@code merge.allowMissing}: merge although a shard's folder is missing (default false); the merged run
 *       then names the missing shard</li>
 *   <li>{@code llm.slo.*}: the objectives of the merged summary's "slo" part (as given to the injectors)</li>
 * </ul>
 * Writes the merged folder's llm-calls.csv, llm-itl.csv, llm-summary.json, run.json, shard 0's server metrics
 * and llm-report.html ({@link ShardMerge}); refreshes index.html when merge.out is an archive that has one.
 * Exit codes: 0 merged, 2 bad input (message on stderr, nothing written).
 */
public final class MergeMain {
  public static final int OK = 0;
  public static final int BAD_INPUT = 2;

  private MergeMain() {
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

  /** Everything but the exit: refuses unknown settings, then merges; returns the exit code. */
  public static int run(Settings settings, PrintStream out, PrintStream err) {
    try {
      settings.check();
      String runs = settings.string("merge.runs", null);
      if (runs == null) {
        throw new MergeException("no shards given; set -Dmerge.runs=<the shards' run folders, comma-separated, or the"
            + " folder that holds them>");
      }
      List<Path> given = new ArrayList<>();
      for (String part : runs.split(",")) {
        if (!part.isBlank()) {
          given.add(Path.of(part.trim()));
        }
      }
      List<Path> folders = ShardRun.expand(given);
      String outSetting = settings.string("merge.out", null);
      Path outDir = outSetting != null ? Path.of(outSetting) : parentOf(folders.get(0));
      boolean allowMissing = settings.bool("merge.allowMissing", false);
      SloPolicy slo = SloPolicy.read(settings.family(FamilyGrammar.SLO));
      ShardMerge.Result result = ShardMerge.merge(folders, outDir, allowMissing, slo);
      LlmReportPage.write(result.dir());
      if (Files.isRegularFile(outDir.resolve(RunArchive.INDEX))) {
        RunArchive.writeIndex(outDir);
      }
      out.print(result.summary().console());
      out.println("merged shards " + String.join(", ", result.merged()) + " into " + result.dir());
      if (!result.missing().isEmpty()) {
        err.println("merge: WARNING shard " + String.join(", ", result.missing()) + " is missing: the merged run lacks"
            + " its calls (merge.allowMissing=true)");
      }
      return OK;
    } catch (MergeException | ConfigException | RunFolderException | CsvFormatException | IllegalArgumentException e) {
      err.println("merge: " + e.getMessage());
      return BAD_INPUT;
    } catch (UncheckedIOException e) {
      err.println("merge: " + e.getMessage());
      return BAD_INPUT;
    }
  }

  private static Path parentOf(Path dir) {
    Path parent = dir.toAbsolutePath().normalize().getParent();
    return parent == null ? Path.of(".") : parent;
  }
}
