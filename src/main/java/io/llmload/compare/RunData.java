package io.llmload.compare;

import io.llmload.run.RunFiles;
import io.llmload.metrics.CallGroups;
import io.llmload.run.CsvFormatException;
import io.llmload.run.CsvTable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One archived run (a folder holding llm-summary.json, llm-calls.csv and optionally llm-itl.csv, see
 * docs/data-path.md), loaded into per-group samples.
 *
 * <p>Groups: those the recorder writes into llm-summary.json ({@link CallGroups}). Latency
 * samples come from ok calls only; the error rate counts every call. The run's duration is
 * {@code run.duration_s} of the summary, or, when absent, first start to last completion.
 */
public final class RunData {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final String label;
  private final JsonNode summary;
  private final Map<String, String> config;
  private final Map<String, GroupSamples> groups;
  private final boolean hasItl;
  private final double durationSeconds;

  private RunData(Path dir, String label, JsonNode summary, Map<String, String> config,
                  Map<String, GroupSamples> groups, boolean hasItl, double durationSeconds) {
    this.dir = dir;
    this.label = label;
    this.summary = summary;
    this.config = config;
    this.groups = groups;
    this.hasItl = hasItl;
    this.durationSeconds = durationSeconds;
  }

  public Path dir() {
    return dir;
  }

  /** run.label of the summary, else the folder's name. */
  public String label() {
    return label;
  }

  public JsonNode summary() {
    return summary;
  }

  /** summary.config flattened to dotted keys ("llm.users" → "200"). */
  public Map<String, String> config() {
    return config;
  }

  /** run.target.model, else config llm.model, else null. */
  public String model() {
    String m = text(summary.path("run").path("target").path("model"));
    return m != null ? m : config.get("llm.model");
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
    if (!Files.exists(dir)) {
      throw new RunDataException("run folder " + dir + " does not exist");
    }
    if (!Files.isDirectory(dir)) {
      throw new RunDataException(dir + " is not a folder (give the archived run folder, e.g. reports/<run>)");
    }
    Path summaryFile = dir.resolve(RunFiles.SUMMARY);
    Path callsFile = dir.resolve(RunFiles.CALLS);
    Path itlFile = dir.resolve(RunFiles.ITL);
    if (!Files.isRegularFile(summaryFile)) {
      throw new RunDataException("run folder " + dir + " has no " + RunFiles.SUMMARY + " (is it an archived run folder?)");
    }
    if (!Files.isRegularFile(callsFile)) {
      throw new RunDataException("run folder " + dir + " has no " + RunFiles.CALLS + " (per-call samples are needed to compare runs)");
    }
    JsonNode summary;
    try {
      summary = JSON.readTree(summaryFile.toFile());
    } catch (IOException e) {
      throw new RunDataException(summaryFile + " is not valid JSON: " + e.getMessage(), e);
    }
    if (summary == null || !summary.isObject()) {
      throw new RunDataException(summaryFile + " is not a JSON object");
    }
    Map<String, String> config = new TreeMap<>();
    flatten("", summary.path("config"), config);
    String label = text(summary.path("run").path("label"));
    if (label == null) {
      Path name = dir.toAbsolutePath().normalize().getFileName();
      label = name == null ? dir.toString() : name.toString();
    }
    JsonNode durationNode = summary.path("run").path("duration_s");
    double summaryDuration = durationNode.isNumber() && durationNode.asDouble() > 0 ? durationNode.asDouble() : Double.NaN;
    try {
      return read(dir, label, summary, config, callsFile, Files.isRegularFile(itlFile) ? itlFile : null, summaryDuration);
    } catch (CsvFormatException e) {
      throw new RunDataException(e.getMessage(), e);
    } catch (IOException e) {
      throw new RunDataException("cannot read run folder " + dir + ": " + e.getMessage(), e);
    }
  }

  private static RunData read(Path dir, String label, JsonNode summary, Map<String, String> config, Path callsFile,
                              Path itlFile, double summaryDuration) throws IOException {
    List<CallRow> rows = new ArrayList<>();
    long runStart = Long.MAX_VALUE;
    try (CsvTable t = CsvTable.open(callsFile)) {
      int callId = t.require("call_id");
      int scenario = t.require("scenario");
      int step = t.require("step");
      int groupTag = t.optional("group_tag");
      int start = t.require("start_ms");
      int ok = t.require("ok");
      int ttft = t.require("ttft_ms");
      int ttfo = t.require("ttfo_ms");
      int tpot = t.require("tpot_ms");
      int e2e = t.require("e2e_ms");
      int tokensPerS = t.require("output_tokens_per_s");
      int outputTokens = t.require("output_tokens");
      while (t.next()) {
        String sc = t.string(scenario);
        if (sc == null) {
          throw new CsvFormatException(t.name() + " line " + t.line() + ": column 'scenario' is empty");
        }
        if (sc.equals("warmup")) {
          continue;
        }
        CallRow r = new CallRow(t.integer(callId, -1), sc, (int) t.integer(step, 0), t.string(groupTag),
            t.integer(start, Long.MIN_VALUE), t.bool(ok), t.decimal(ttft), t.decimal(ttfo), t.decimal(tpot),
            t.decimal(e2e), t.decimal(tokensPerS), t.decimal(outputTokens));
        if (r.startMs == Long.MIN_VALUE) {
          throw new CsvFormatException(t.name() + " line " + t.line() + ": column 'start_ms' is empty");
        }
        runStart = Math.min(runStart, r.startMs);
        rows.add(r);
      }
    }
    if (rows.isEmpty()) {
      throw new RunDataException(callsFile + " has no calls (only a header, or warmup calls): nothing to compare");
    }
    double lastCompletion = 0;
    for (CallRow r : rows) {
      if (r.e2e != null) {
        lastCompletion = Math.max(lastCompletion, (r.startMs - runStart + r.e2e) / 1000.0);
      }
    }
    double duration = Double.isNaN(summaryDuration) ? lastCompletion : summaryDuration;

    Map<String, GroupSamples.Builder> builders = new HashMap<>();
    Map<Long, List<GroupSamples.Builder>> byCall = new HashMap<>();
    for (CallRow r : rows) {
      List<GroupSamples.Builder> targets = new ArrayList<>(4);
      for (String g : r.groups()) {
        targets.add(builders.computeIfAbsent(g, k -> GroupSamples.builder().durationSeconds(duration)));
      }
      for (GroupSamples.Builder b : targets) {
        if (r.ok) {
          double completion = r.e2e == null ? Double.NaN : (r.startMs - runStart + r.e2e) / 1000.0;
          b.addOkCall(r.ttft, r.ttfo, r.tpot, r.e2e, r.tokensPerS, completion,
              r.outputTokens == null ? 0 : r.outputTokens);
        } else {
          b.addFailedCall();
        }
      }
      if (r.ok) {
        byCall.put(r.callId, targets);
      }
    }
    if (itlFile != null) {
      try (CsvTable t = CsvTable.open(itlFile)) {
        int callId = t.require("call_id");
        int gaps = t.require("gaps_ms");
        while (t.next()) {
          List<GroupSamples.Builder> targets = byCall.get(t.integer(callId, -1));
          if (targets == null) {
            continue; // an ITL row for a call that is not an ok call of llm-calls.csv (e.g. warmup)
          }
          GapHistogram h = GapHistogram.of(parseGaps(t, gaps));
          for (GroupSamples.Builder b : targets) {
            b.addItlCall(h);
          }
        }
      }
    }
    Map<String, GroupSamples> groups = new LinkedHashMap<>();
    builders.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(CallGroups.ORDER))
        .forEach(e -> groups.put(e.getKey(), e.getValue().build()));
    return new RunData(dir, label, summary, config, groups, itlFile != null, duration);
  }

  /** Space-separated whole (or decimal) milliseconds; whole numbers are parsed without allocating. */
  private static double[] parseGaps(CsvTable t, int column) {
    String s = t.string(column);
    if (s == null || s.isBlank()) {
      return new double[0];
    }
    double[] out = new double[16];
    int n = 0;
    int i = 0;
    int len = s.length();
    while (i < len) {
      while (i < len && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i >= len) {
        break;
      }
      int start = i;
      long whole = 0;
      boolean simple = true;
      while (i < len && !Character.isWhitespace(s.charAt(i))) {
        char c = s.charAt(i);
        if (c >= '0' && c <= '9' && i - start < 15) {
          whole = whole * 10 + (c - '0');
        } else {
          simple = false;
        }
        i++;
      }
      double value;
      if (simple) {
        value = whole;
      } else {
        String token = s.substring(start, i);
        try {
          value = Double.parseDouble(token);
        } catch (NumberFormatException e) {
          throw new CsvFormatException(t.name() + " line " + t.line() + ", column 'gaps_ms': '" + token
              + "' is not a number (expected space-separated milliseconds)");
        }
      }
      if (n == out.length) {
        out = java.util.Arrays.copyOf(out, n * 2);
      }
      out[n++] = value;
    }
    return java.util.Arrays.copyOf(out, n);
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
      }
    } else if (node.isValueNode() && !node.isNull()) {
      out.put(prefix, node.asText());
    } else if (node.isArray()) {
      out.put(prefix, node.toString());
    }
  }

  private static String text(JsonNode n) {
    return n == null || n.isMissingNode() || n.isNull() || n.asText().isBlank() ? null : n.asText();
  }

  private record CallRow(long callId, String scenario, int step, String groupTag, long startMs, boolean ok,
                         Double ttft, Double ttfo, Double tpot, Double e2e, Double tokensPerS, Double outputTokens) {
    List<String> groups() {
      return CallGroups.groupsOf(scenario, step, groupTag);
    }
  }
}
