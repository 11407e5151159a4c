package io.llmload.compare;

import io.llmload.metrics.CallGroups;
import io.llmload.run.CallRow;
import io.llmload.csv.CsvFormatException;
import io.llmload.run.RunFiles;
import io.llmload.run.RunFolder;
import io.llmload.run.RunFolderException;
import io.llmload.run.SummaryRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One archived run (a folder holding llm-summary.json, llm-calls.csv and optionally llm-itl.csv, see
 * docs/data-path.md), loaded into per-group samples.
 *
 * <p>Groups: those the recorder writes into llm-summary.json ({@link CallGroups}). Latency
 * samples come from ok calls only; the error rate counts every call. The run's duration is
 * {@code run.duration_s} of the summary, or, when absent, first start to last completion.
 */
public final class RunData {
  private final Path dir;
  private final String label;
  private final Map<String, String> config;
  private final Map<String, GroupSamples> groups;
  private final boolean hasItl;
  private final double durationSeconds;
  private final String summaryModel;
  private io.llmload.run.GpuFigures gpu;

  private RunData(Path dir, String label, Map<String, String> config,
                  Map<String, GroupSamples> groups, boolean hasItl, double durationSeconds, String summaryModel) {
    this.dir = dir;
    this.label = label;
    this.config = config;
    this.groups = groups;
    this.hasItl = hasItl;
    this.durationSeconds = durationSeconds;
    this.summaryModel = summaryModel;
  }

  public Path dir() {
    return dir;
  }

  /** run.label of the summary, else the folder's name. */
  public String label() {
    return label;
  }

  /** summary.config flattened to dotted keys ("llm.users" → "200"). */
  public Map<String, String> config() {
    return config;
  }

  /** run.target.model, else config llm.model, else null. */
  public String model() {
    return summaryModel != null ? summaryModel : config.get("llm.model");
  }

  /** The run's GPU energy figures (llm-summary.json "gpu"); empty when it had no GPU telemetry. */
  public java.util.Optional<io.llmload.run.GpuFigures> gpu() {
    return java.util.Optional.ofNullable(gpu);
  }

  public boolean hasItl() {
    return hasItl;
  }

  public double durationSeconds() {
    return durationSeconds;
  }

  /** Group names in display order: overall, single, agent, agent_step_1.., then the rest by name. */
  public List<String> groupNames() {
    return new ArrayList<>(groups.keySet());
  }

  /** The group's samples, or null when the run has no call in it. */
  public GroupSamples group(String name) {
    return groups.get(name);
  }

  public static RunData load(Path dir) {
    try {
      RunFolder folder = RunFolder.open(dir)
          .require(RunFiles.SUMMARY, "is it an archived run folder?")
          .require(RunFiles.CALLS, "per-call samples are needed to compare runs");
      SummaryRun run = folder.summaryRun();
      String label = run.label() != null ? run.label() : folder.name();
      return read(folder, label, run, folder.config());
    } catch (RunFolderException | CsvFormatException e) {
      throw new RunDataException(e.getMessage(), e);
    }
  }

  private static final List<String> NEEDED_COLUMNS =
      List.of("step", "ttft_ms", "ttfo_ms", "tpot_ms", "e2e_ms", "output_tokens_per_s", "output_tokens");

  private static RunData read(RunFolder folder, String label, SummaryRun run, Map<String, String> config) {
    List<CallRow> rows = new ArrayList<>();
    folder.forEachCall(NEEDED_COLUMNS, r -> {
      if (!r.scenario().equals("warmup")) {
        rows.add(r);
      }
    });
    if (rows.isEmpty()) {
      throw new RunDataException(folder.dir().resolve(RunFiles.CALLS)
          + " has no calls (only a header, or warmup calls): nothing to compare");
    }
    long runStart = rows.stream().mapToLong(CallRow::startMs).min().getAsLong();
    double lastCompletion = 0;
    for (CallRow r : rows) {
      if (r.e2eMs() != null) {
        lastCompletion = Math.max(lastCompletion, (r.startMs() - runStart + r.e2eMs()) / 1000.0);
      }
    }
    double duration = run.durationS() != null ? run.durationS() : lastCompletion;

    Map<String, GroupSamples.Builder> builders = new HashMap<>();
    Map<Long, List<GroupSamples.Builder>> byCall = new HashMap<>();
    for (CallRow r : rows) {
      List<GroupSamples.Builder> targets = new ArrayList<>(4);
      for (String g : CallGroups.groupsOf(r.scenario(), r.stepOrZero(), r.groupTag(), r.replica())) {
        targets.add(builders.computeIfAbsent(g, k -> GroupSamples.builder().durationSeconds(duration)));
      }
      for (GroupSamples.Builder b : targets) {
        if (r.ok()) {
          double completion = r.e2eMs() == null ? Double.NaN : (r.startMs() - runStart + r.e2eMs()) / 1000.0;
          b.addOkCall(r.ttftMs(), r.ttfoMs(), r.tpotMs(), r.e2eMs(), r.outputTokensPerS(), completion,
              r.outputTokens() == null ? 0 : r.outputTokens());
        } else {
          b.addFailedCall();
        }
      }
      if (r.ok()) {
        byCall.put(r.callId(), targets);
      }
    }
    boolean hasItl = folder.has(RunFiles.ITL);
    if (hasItl) {
      folder.forEachItl((callId, gaps) -> {
        List<GroupSamples.Builder> targets = byCall.get(callId);
        if (targets == null) {
          return; // an ITL row for a call that is not an ok call of llm-calls.csv (e.g. warmup)
        }
        CallGaps h = CallGaps.of(gaps);
        for (GroupSamples.Builder b : targets) {
          b.addItlCall(h);
        }
      });
    }
    Map<String, GroupSamples> groups = new LinkedHashMap<>();
    builders.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(CallGroups.ORDER))
        .forEach(e -> groups.put(e.getKey(), e.getValue().build()));
    RunData data = new RunData(folder.dir(), label, config, groups, hasItl, duration, run.model());
    data.gpu = folder.gpu().orElse(null);
    return data;
  }
}
