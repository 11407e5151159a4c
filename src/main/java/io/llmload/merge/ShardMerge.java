package io.llmload.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmload.csv.Csv;
import io.llmload.metrics.CallResult;
import io.llmload.metrics.CallSchedule;
import io.llmload.metrics.Percentiles;
import io.llmload.metrics.PromptTokenCheck;
import io.llmload.metrics.SloPolicy;
import io.llmload.run.CallRow;
import io.llmload.run.CsvAppender;
import io.llmload.run.RunDescription;
import io.llmload.run.RunFiles;
import io.llmload.run.RunFolderName;
import io.llmload.run.RunInfo;
import io.llmload.run.RunRecorder;
import io.llmload.run.RunSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds one run folder from the run folders of the N injectors of a sharded run (llm.shard=I/N, one llm.runId).
 * llm-calls.csv and llm-itl.csv are the union of the shards' rows, copied whole (every column); every figure
 * of llm-summary.json is recomputed from that union by the recorder that computes a run's figures
 * ({@link RunRecorder#figuresOnly}), so every percentile is exact, never a mean of the shards' percentiles, and
 * throughput is over the union's window (first start to last end over all shards, epoch ms: the injectors'
 * clocks must agree, as NTP keeps them). The server's metrics are shard 0's (the only one that scrapes);
 * client health lists each injector's. Shards of different runs, workloads or seeds are refused with the
 * difference named; a missing shard is refused unless allowed, and the merge then names it.
 */
public final class ShardMerge {
  /** The root object of a merged run's llm-summary.json that describes the merge. */
  public static final String SECTION = "merge";
  /**
   * Configuration keys that belong to one injector rather than to the workload: they may differ between the
   * shards of one run. Every other key of the shards' "config" must be equal.
   */
  public static final Set<String> PER_INJECTOR = Set.of("llm.shard", "llm.label", "llm.outputDir", "llm.reportsDir",
      "llm.archive", "llm.gatlingResultsDir", "llm.metricsUrl", "llm.metricsPeriodSeconds");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The merged folder, its summary, the shards merged and the ones missing (as "I/N"). */
  public record Result(Path dir, RunSummary summary, List<String> merged, List<String> missing) {
  }

  private ShardMerge() {
  }

  /**
   * Checks the shards, then writes the merged run folder under {@code outParent}.
   *
   * @param allowMissing merge.allowMissing: merge although some shard's folder is not given
   * @param slo          the objectives the merged summary's "slo" part judges (the shards' llm.slo.*)
   */
  public static Result merge(List<Path> folders, Path outParent, boolean allowMissing, SloPolicy slo) {
    List<ShardRun> shards = check(folders.stream().map(ShardRun::read).toList(), allowMissing);
    ShardRun first = shards.get(0);
    int count = first.count();
    List<String> missing = missing(shards);
    List<String> header = first.folder().callsHeader();
    for (ShardRun s : shards) {
      List<String> h = s.folder().callsHeader();
      if (!h.equals(header)) {
        throw new MergeException("shard " + s.label() + " (" + s.folder().dir() + ") has other " + RunFiles.CALLS
            + " columns than shard " + first.label() + " (" + first.folder().dir() + "): " + String.join(",", h)
            + " vs " + String.join(",", header) + "; merge shards written by the same version of the suite");
      }
    }
    boolean renumber = idsCollide(shards);
    List<Merged> calls = new ArrayList<>();
    for (ShardRun s : shards) {
      read(s, renumber, calls);
    }
    calls.sort(Comparator.comparingLong((Merged m) -> m.result.startMs()).thenComparingLong(m -> m.result.spec().callId()));

    Instant started = shards.stream().map(s -> instant(s.run().startedAt())).min(Comparator.naturalOrder()).orElseThrow();
    Instant ended = shards.stream().map(s -> instant(s.run().endedAt())).max(Comparator.naturalOrder()).orElseThrow();
    String label = (first.run().label() == null ? "run" : first.run().label()) + "-merged";
    Path dir = RunFolderName.create(outParent, started, label);
    RunRecorder figures = RunRecorder.figuresOnly(slo);
    int idColumn = header.indexOf("call_id");
    try (CsvAppender callsOut = new CsvAppender(dir.resolve(RunFiles.CALLS), Csv.row(header.toArray()));
         CsvAppender itlOut = new CsvAppender(dir.resolve(RunFiles.ITL), Csv.row("call_id", "gaps_ms"))) {
      for (Merged m : calls) {
        List<String> fields = new ArrayList<>(m.fields);
        fields.set(idColumn, Long.toString(m.result.spec().callId()));
        callsOut.append(Csv.row(fields.toArray()));
        if (m.gapsField != null) {
          itlOut.append(Csv.row(m.result.spec().callId(), m.gapsField));
        }
        figures.addWritten(m.result, m.counted);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the merged run " + dir + ": " + e.getMessage(), e);
    }
    figures.close();

    Map<String, String> config = new TreeMap<>(first.config());
    config.remove("llm.shard");
    RunDescription description = new RunDescription(label, first.run().simulation(), started, ended,
        first.run().baseUrl(), first.run().targetKind(), first.run().simProfile(), first.run().model(),
        first.run().serverVersion(), first.run().suiteVersion(), first.run().gatlingVersion(), config);
    RunSummary summary = RunSummary.of(description, figures);
    ShardRun zero = shards.stream().filter(s -> s.index() == 0).findFirst().orElse(null);
    summary.put("client_health", clientHealth(shards));
    summary.put("server", server(zero));
    summary.put("prompts", Map.of("build", "per shard: " + String.join("; ", shards.stream()
        .map(s -> s.label() + " " + s.folder().summary().path("prompts").path("build").asText("-")).toList())));
    summary.put("prompt_tokens", promptTokens(shards));
    Map<String, Object> sloPart = figures.slo();
    if (sloPart != null) {
      summary.put("slo", sloPart);
    }
    List<String> merged = shards.stream().map(ShardRun::label).toList();
    summary.put(SECTION, section(first.runId(), count, shards, missing, calls.size(), renumber));
    summary.write(dir);
    RunInfo.write(dir, runJson(first, shards, missing));
    if (zero != null) {
      copy(zero, dir, RunFiles.SERVER_METRICS);
      copy(zero, dir, RunFiles.SERVER_METRICS_RAW);
    }
    return new Result(dir, summary, merged, missing);
  }

  /** The shards ordered by index, checked to be of one run; a difference is an error that names it. */
  static List<ShardRun> check(List<ShardRun> given, boolean allowMissing) {
    if (given.isEmpty()) {
      throw new MergeException("no shard to merge; set -Dmerge.runs=<the shards' run folders, or the folder holding them>");
    }
    List<ShardRun> shards = new ArrayList<>(given);
    shards.sort(Comparator.comparingInt(ShardRun::index));
    Map<String, List<String>> ids = new TreeMap<>();
    for (ShardRun s : shards) {
      ids.computeIfAbsent(String.valueOf(s.runId()), k -> new ArrayList<>()).add(s.label() + " " + s.folder().name());
    }
    if (ids.size() > 1) {
      throw new MergeException("the folders are shards of different runs (llm.runId): " + describe(ids)
          + "; merge the shards of one run id only");
    }
    Map<String, List<String>> counts = new TreeMap<>();
    for (ShardRun s : shards) {
      counts.computeIfAbsent(Integer.toString(s.count()), k -> new ArrayList<>()).add(s.label() + " " + s.folder().name());
    }
    if (counts.size() > 1) {
      throw new MergeException("the shards disagree on the number of injectors (N of llm.shard=I/N): " + describe(counts));
    }
    for (int i = 1; i < shards.size(); i++) {
      if (shards.get(i).index() == shards.get(i - 1).index()) {
        throw new MergeException("shard " + shards.get(i).label() + " is given twice: " + shards.get(i - 1).folder().dir()
            + " and " + shards.get(i).folder().dir() + "; give each shard's folder once");
      }
    }
    List<String> differences = new ArrayList<>();
    ShardRun first = shards.get(0);
    for (ShardRun s : shards.subList(1, shards.size())) {
      differ(differences, "simulation", first, first.run().simulation(), s, s.run().simulation());
      differ(differences, "model", first, first.run().model(), s, s.run().model());
      Set<String> keys = new TreeSet<>(first.config().keySet());
      keys.addAll(s.config().keySet());
      for (String key : keys) {
        if (!PER_INJECTOR.contains(key)) {
          differ(differences, key, first, first.config().get(key), s, s.config().get(key));
        }
      }
    }
    if (!differences.isEmpty()) {
      throw new MergeException("the shards did not run the same workload: " + String.join("; ", differences)
          + "; run every injector with the same settings (only llm.shard and the output settings may differ)");
    }
    List<String> missing = missing(shards);
    if (!missing.isEmpty() && !allowMissing) {
      throw new MergeException("shard " + String.join(", ", missing) + " of run " + first.runId() + " is missing (given: "
          + String.join(", ", shards.stream().map(ShardRun::label).toList()) + "); give its run folder too, or set"
          + " -Dmerge.allowMissing=true to merge without it (the merged run then names it and lacks its calls)");
    }
    return shards;
  }

  private static void differ(List<String> out, String what, ShardRun a, String va, ShardRun b, String vb) {
    if (va == null ? vb != null : !va.equals(vb)) {
      out.add(what + ": " + (va == null ? "(unset)" : va) + " (shard " + a.label() + ") vs " + (vb == null ? "(unset)" : vb)
          + " (shard " + b.label() + ")");
    }
  }

  private static String describe(Map<String, List<String>> groups) {
    List<String> parts = new ArrayList<>();
    groups.forEach((value, shards) -> parts.add(value + " (" + String.join(", ", shards) + ")"));
    return String.join(" vs ", parts);
  }

  static List<String> missing(List<ShardRun> shards) {
    int count = shards.get(0).count();
    Set<Integer> present = new HashSet<>();
    shards.forEach(s -> present.add(s.index()));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (!present.contains(i)) {
        out.add(i + "/" + count);
      }
    }
    return out;
  }

  /**
   * True when two shards hold the same call id. Shards of llm.shard never do (a call's id is its journey's
   * position in the one run × 16 + step); folders that do are renumbered: id × N + I.
   */
  private static boolean idsCollide(List<ShardRun> shards) {
    Set<Long> seen = new HashSet<>();
    boolean[] collide = {false};
    for (ShardRun s : shards) {
      Set<Long> mine = new HashSet<>();
      s.folder().forEachCall(List.of(), row -> mine.add(row.callId()));
      for (Long id : mine) {
        if (!seen.add(id)) {
          collide[0] = true;
        }
      }
    }
    return collide[0];
  }

  /** One call of the union: its row as written, its gaps field, and the call as the recorder saw it. */
  private record Merged(List<String> fields, String gapsField, CallResult result, Integer counted) {
  }

  private static void read(ShardRun s, boolean renumber, List<Merged> out) {
    Map<Long, int[]> gaps = new HashMap<>();
    if (s.folder().has(RunFiles.ITL)) {
      s.folder().forEachItl((callId, g) -> {
        int[] whole = new int[g.length];
        for (int i = 0; i < g.length; i++) {
          whole[i] = (int) Math.round(g[i]);
        }
        gaps.put(callId, whole);
      });
    }
    s.folder().forEachCallAsWritten((row, fields, schedule) -> {
      long id = renumber ? row.callId() * s.count() + s.index() : row.callId();
      int[] g = row.ok() ? gaps.getOrDefault(row.callId(), new int[0]) : new int[0];
      CallResult r = row.toCallResult(id, g, schedule);
      out.add(new Merged(fields, g.length == 0 ? null : gapsField(g), r,
          row.countedOutputTokens() == null ? null : row.countedOutputTokens().intValue()));
    });
  }

  private static String gapsField(int[] gaps) {
    StringBuilder sb = new StringBuilder(gaps.length * 3);
    for (int g : gaps) {
      sb.append(sb.length() == 0 ? "" : " ").append(g);
    }
    return sb.toString();
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (RuntimeException e) {
      throw new MergeException("a shard's run.started_at / ended_at is not a time: " + text);
    }
  }

  /** Each injector's client health, and its warnings prefixed with its shard, so the report's warning box shows them. */
  private static Map<String, Object> clientHealth(List<ShardRun> shards) {
    Map<String, Object> injectors = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    for (ShardRun s : shards) {
      JsonNode h = s.folder().summary().path("client_health");
      injectors.put(s.label(), h.isMissingNode() ? null : JSON.convertValue(h, Object.class));
      for (JsonNode w : h.path("warnings")) {
        warnings.add("injector " + s.label() + ": " + (w.isTextual() ? w.asText() : w.path("message").asText(w.toString())));
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("warnings", warnings);
    out.put("injectors", injectors);
    return out;
  }

  /** Shard 0's server section: it is the only injector that scrapes the server's /metrics. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> server(ShardRun zero) {
    if (zero == null) {
      Map<String, Object> none = new LinkedHashMap<>();
      none.put("note", "shard 0 is missing: it is the injector that scrapes the server's /metrics, so the merged run has"
          + " no server metrics");
      return none;
    }
    JsonNode server = zero.folder().summary().path("server");
    Map<String, Object> out = server.isObject() ? JSON.convertValue(server, Map.class) : new LinkedHashMap<>();
    out.put("scraped_by", "shard " + zero.label());
    return out;
  }

  /**
   * The shards' requested-vs-server prompt tokens, per group: calls and exact calls summed, the sums of the
   * requested and server tokens rebuilt as mean × calls (the shards write means rounded to 3 decimals).
   */
  private static Map<String, Object> promptTokens(List<ShardRun> shards) {
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (ShardRun s : shards) {
      s.folder().summary().path("prompt_tokens").fields().forEachRemaining(e -> {
        JsonNode g = e.getValue();
        double calls = g.path("calls").asDouble();
        double[] acc = sums.computeIfAbsent(e.getKey(), k -> new double[4]);
        acc[0] += calls;
        acc[1] += g.path("requested_mean").asDouble() * calls;
        acc[2] += g.path("server_mean").asDouble() * calls;
        acc[3] += g.path("exact_calls").asDouble();
      });
    }
    Map<String, Object> out = new LinkedHashMap<>();
    sums.forEach((group, a) -> {
      Map<String, Object> g = new LinkedHashMap<>();
      double pct = a[1] == 0 ? 0 : (a[2] - a[1]) * 100 / a[1];
      g.put("calls", (long) a[0]);
      g.put("requested_mean", a[0] == 0 ? null : Percentiles.round(a[1] / a[0]));
      g.put("server_mean", a[0] == 0 ? null : Percentiles.round(a[2] / a[0]));
      g.put("exact_calls", (long) a[3]);
      g.put("difference_pct", Percentiles.round(pct));
      g.put("warning", Math.abs(pct) > PromptTokenCheck.WARN_PCT);
      out.put(group, g);
    });
    return out;
  }

  private static Map<String, Object> section(String runId, int count, List<ShardRun> shards, List<String> missing,
      int calls, boolean renumbered) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", runId);
    m.put("shards", count);
    m.put("merged", shards.stream().map(ShardRun::label).toList());
    m.put("missing", missing);
    if (!missing.isEmpty()) {
      m.put("warning", "shard " + String.join(", ", missing) + " of " + count + " is missing: its calls are in no"
          + " figure of this run, so the load and the figures are those of " + shards.size() + " of " + count
          + " injectors");
    }
    Map<String, Object> folders = new LinkedHashMap<>();
    Map<String, Object> starts = new LinkedHashMap<>();
    long minStart = Long.MAX_VALUE;
    long maxStart = Long.MIN_VALUE;
    for (ShardRun s : shards) {
      folders.put(s.label(), s.folder().name());
      long[] first = {Long.MAX_VALUE};
      s.folder().forEachCall(List.of(), row -> first[0] = Math.min(first[0], row.startMs()));
      if (first[0] != Long.MAX_VALUE) {
        starts.put(s.label(), first[0]);
        minStart = Math.min(minStart, first[0]);
        maxStart = Math.max(maxStart, first[0]);
      }
    }
    m.put("folders", folders);
    m.put("first_call_ms", starts);
    m.put("first_call_spread_ms", starts.isEmpty() ? null : maxStart - minStart);
    m.put("calls", calls);
    m.put("call_ids", renumbered ? "renumbered: two shards held the same call id, so each id became id × N + I"
        : "as written by the shards (a call's id is its journey's position in the one run × 16 + step)");
    m.put("definition", "llm-calls.csv and llm-itl.csv are the union of the shards' rows; every figure is recomputed"
        + " from that union (percentiles exact, nearest rank over all calls); throughput is over the union's window,"
        + " first start to last end over all shards on the injectors' epoch-ms clocks; server metrics are shard 0's;"
        + " client_health lists each injector's; first_call_spread_ms is how far apart the shards' first calls started");
    return m;
  }

  private static Map<String, Object> runJson(ShardRun first, List<ShardRun> shards, List<String> missing) {
    Map<String, Object> info = new LinkedHashMap<>(first.folder().runInfo());
    info.remove("shard");
    info.put("label", (first.run().label() == null ? "run" : first.run().label()) + "-merged");
    Map<String, Object> merge = new LinkedHashMap<>();
    merge.put("run_id", first.runId());
    merge.put("merged", shards.stream().map(s -> s.label() + " " + s.folder().name()).toList());
    merge.put("missing", missing);
    merge.put("hosts", shards.stream().map(s -> String.valueOf(s.folder().runInfo().get("host"))).toList());
    info.put("merge", merge);
    return info;
  }

  private static void copy(ShardRun s, Path dir, String file) {
    if (!s.folder().has(file)) {
      return;
    }
    try {
      Files.copy(s.folder().dir().resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + file + " of shard " + s.label() + ": " + e.getMessage(), e);
    }
  }
}
