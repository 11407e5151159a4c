package io.llmload.merge;

import io.llmload.run.RunFiles;
import io.llmload.run.RunFolder;
import io.llmload.run.SummaryRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One injector's run folder of a sharded run: its folder, its shard (llm.shard=I/N) and run id (llm.runId), as
 * its llm-summary.json "run" object records them, and its configuration.
 */
public record ShardRun(RunFolder folder, int index, int count, String runId, SummaryRun run, Map<String, String> config) {
  private static final Pattern SHARD = Pattern.compile("(\\d+)/(\\d+)");

  /** "I/N". */
  public String label() {
    return index + "/" + count;
  }

  /** Reads the shard's identity; a folder that is not a shard is an error naming it and the fix. */
  public static ShardRun read(Path dir) {
    RunFolder folder = RunFolder.open(dir).require(RunFiles.SUMMARY, "a shard's identity and configuration")
        .require(RunFiles.CALLS, "the shard's calls");
    SummaryRun run = folder.summaryRun();
    if (run.shard() == null) {
      throw new MergeException(dir + " is not a shard: its " + RunFiles.SUMMARY + " has no run.shard; run each"
          + " injector with -Dllm.shard=I/N -Dllm.runId=<id>");
    }
    Matcher m = SHARD.matcher(run.shard());
    if (!m.matches()) {
      throw new MergeException(dir + ": run.shard=" + run.shard() + " in its " + RunFiles.SUMMARY + " is not I/N");
    }
    return new ShardRun(folder, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), run.runId(), run,
        folder.config());
  }

  /**
   * The run folders named by merge.runs: each given path that holds llm-summary.json is a run folder; any other
   * folder stands for the run folders directly inside it. A folder that is itself a merge (its summary has a
   * "merge" object) is left out, so a parent folder can be merged again after its merge was written into it.
   */
  public static List<Path> expand(List<Path> given) {
    List<Path> out = new ArrayList<>();
    for (Path p : given) {
      if (!Files.isDirectory(p)) {
        throw new MergeException(p + " is not a folder; give the shards' run folders (or the folder that holds them)");
      }
      if (Files.isRegularFile(p.resolve(RunFiles.SUMMARY))) {
        out.add(p);
        continue;
      }
      List<Path> inside;
      try (Stream<Path> children = Files.list(p)) {
        inside = children.filter(c -> Files.isRegularFile(c.resolve(RunFiles.SUMMARY))).sorted().toList();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + p + ": " + e.getMessage(), e);
      }
      inside = inside.stream().filter(c -> !isMerge(c)).toList();
      if (inside.isEmpty()) {
        throw new MergeException(p + " holds no run folder (no " + RunFiles.SUMMARY + " in it or in a folder inside it)");
      }
      out.addAll(inside);
    }
    return out;
  }

  private static boolean isMerge(Path dir) {
    var summary = RunFolder.open(dir).summary();
    return summary != null && summary.has(ShardMerge.SECTION);
  }
}
