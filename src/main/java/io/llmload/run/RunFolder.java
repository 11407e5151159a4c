package io.llmload.run;

import io.llmload.metrics.CallSchedule;
import io.llmload.csv.CsvFormatException;
import io.llmload.csv.CsvTable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The one reader of a run folder (formats in docs/data-path.md). Opening checks only that the folder
 * exists; each file is read when asked for, and a file that is asked for but absent, malformed or
 * invalid is a {@link RunFolderException} or {@link CsvFormatException} naming the file (and, for CSV,
 * the line and column). An incomplete last CSV row is left out with a warning ({@link #warnings()}). The CSV files are streamed row by row, so a huge llm-itl.csv is never held in
 * memory; llm-summary.json is parsed once.
 */
public final class RunFolder {
  /** The columns of llm-calls.csv without which a row means nothing; the others read as null when absent. */
  public static final List<String> CALL_KEY_COLUMNS = List.of("call_id", "scenario", "start_ms", "ok");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Logger LOG = Logger.getLogger(RunFolder.class.getName());

  private final Path dir;
  private final Set<String> warnings = new LinkedHashSet<>();
  private JsonNode summary;

  private RunFolder(Path dir) {
    this.dir = dir;
  }

  /** The folder at {@code dir}, which must exist and be a folder. */
  public static RunFolder open(Path dir) {
    if (!Files.exists(dir)) {
      throw new RunFolderException("run folder " + dir + " does not exist");
    }
    if (!Files.isDirectory(dir)) {
      throw new RunFolderException(dir + " is not a folder (give the archived run folder, e.g. reports/<run>)");
    }
    return new RunFolder(dir);
  }

  public Path dir() {
    return dir;
  }

  /** The folder's name (its absolute, normalized last part). */
  public String name() {
    Path name = dir.toAbsolutePath().normalize().getFileName();
    return name == null ? dir.toString() : name.toString();
  }

  /** Whether the folder holds {@code file} (one of {@link RunFiles}) as a regular file. */
  public boolean has(String file) {
    return Files.isRegularFile(dir.resolve(file));
  }

  /** Fails, naming the file and {@code why} it is needed (may be null), when the folder does not hold {@code file}. */
  public RunFolder require(String file, String why) {
    if (!has(file)) {
      throw new RunFolderException("run folder " + dir + " has no " + file + (why == null ? "" : " (" + why + ")"));
    }
    return this;
  }

  /** llm-summary.json as a JSON object, or null when the folder has none. */
  public JsonNode summary() {
    if (summary == null && has(RunFiles.SUMMARY)) {
      Path file = dir.resolve(RunFiles.SUMMARY);
      JsonNode node;
      try {
        node = JSON.readTree(file.toFile());
      } catch (IOException e) {
        throw new RunFolderException(file + " is not valid JSON: " + e.getMessage(), e);
      }
      if (node == null || !node.isObject()) {
        throw new RunFolderException(file + " is not a JSON object");
      }
      summary = node;
    }
    return summary;
  }

  /** sweep-summary.json as a JSON object (a capacity sweep's levels and knee), or null when the folder has none. */
  public JsonNode sweepSummary() {
    if (!has(RunFiles.SWEEP_SUMMARY)) {
      return null;
    }
    Path file = dir.resolve(RunFiles.SWEEP_SUMMARY);
    try {
      JsonNode node = JSON.readTree(file.toFile());
      if (node == null || !node.isObject()) {
        throw new RunFolderException(file + " is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new RunFolderException(file + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** The summary's "run" part; every field null when the folder has no summary. */
  public SummaryRun summaryRun() {
    JsonNode s = summary();
    return SummaryRun.of(s == null ? JSON.missingNode() : s.path("run"));
  }

  /** The summary's "config" flattened to dotted keys ("llm.users" → "200"), sorted by key. */
  public Map<String, String> config() {
    JsonNode s = summary();
    return new TreeMap<>(JsonFlattener.flatten(s == null ? null : s.path("config")));
  }

  /** run.json as an ordered map; empty when the folder has none. */
  public Map<String, Object> runInfo() {
    return RunInfo.read(dir);
  }

  /** Every row of llm-calls.csv, in file order. */
  public List<CallRow> calls() {
    List<CallRow> rows = new ArrayList<>();
    forEachCall(List.of(), rows::add);
    return rows;
  }

  /**
   * Streams llm-calls.csv. Besides {@link #CALL_KEY_COLUMNS}, the header must hold {@code required}
   * (the columns the caller cannot do without).
   */
  public void forEachCall(Collection<String> required, Consumer<CallRow> action) {
    Set<String> needed = new LinkedHashSet<>(CALL_KEY_COLUMNS);
    needed.addAll(required);
    try (CsvTable t = table(RunFiles.CALLS)) {
      for (String column : needed) {
        t.require(column);
      }
      CallColumns c = new CallColumns(t);
      while (t.next()) {
        action.accept(c.row());
      }
      warn(t);
    } catch (IOException e) {
      throw cannotRead(RunFiles.CALLS, e);
    }
  }

  /** What {@link #forEachCallAsWritten} hands out per row. */
  @FunctionalInterface
  public interface WrittenCall {
    /**
     * @param row      the typed row
     * @param fields   every field of the row as written, in the order of {@link #callsHeader()}
     * @param schedule intended_ms, queue_ms and dispatch_delay_ms, or null when the call was not sent from a schedule
     */
    void accept(CallRow row, List<String> fields, CallSchedule schedule);
  }

  /** The header of llm-calls.csv, every column as written. */
  public List<String> callsHeader() {
    try (CsvTable t = table(RunFiles.CALLS)) {
      return List.copyOf(t.header());
    } catch (IOException e) {
      throw cannotRead(RunFiles.CALLS, e);
    }
  }

  /**
   * Streams llm-calls.csv with each row's fields as written (columns this reader does not know included, so a
   * row can be copied whole) and its schedule figures.
   */
  public void forEachCallAsWritten(WrittenCall action) {
    try (CsvTable t = table(RunFiles.CALLS)) {
      for (String column : CALL_KEY_COLUMNS) {
        t.require(column);
      }
      CallColumns c = new CallColumns(t);
      int intended = t.optional("intended_ms");
      int queue = t.optional("queue_ms");
      int dispatch = t.optional("dispatch_delay_ms");
      int width = t.header().size();
      while (t.next()) {
        List<String> fields = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
          fields.add(t.string(i));
        }
        Long intendedMs = t.integer(intended);
        Double queueMs = t.decimal(queue);
        Double dispatchMs = t.decimal(dispatch);
        CallSchedule schedule = intendedMs == null ? null
            : new CallSchedule(intendedMs, queueMs == null ? 0 : queueMs, dispatchMs == null ? 0 : dispatchMs);
        action.accept(c.row(), fields, schedule);
      }
      warn(t);
    } catch (IOException e) {
      throw cannotRead(RunFiles.CALLS, e);
    }
  }

  /** What {@link #forEachItl} hands out per row: the call and its gaps in milliseconds. */
  @FunctionalInterface
  public interface ItlRow {
    void accept(long callId, double[] gapsMs);
  }

  /** Streams llm-itl.csv, one call's gaps at a time ({@link ItlGaps}). */
  public void forEachItl(ItlRow action) {
    try (CsvTable t = table(RunFiles.ITL)) {
      int callId = t.require("call_id");
      int gaps = t.require("gaps_ms");
      while (t.next()) {
        action.accept(t.requiredInteger(callId), ItlGaps.parse(t, gaps));
      }
      warn(t);
    } catch (IOException e) {
      throw cannotRead(RunFiles.ITL, e);
    }
  }

  /** client-pauses.csv: every pause the client recorded (each event loop's), in time order. */
  public List<io.llmload.metrics.ClientPause> clientPauses() {
    List<io.llmload.metrics.ClientPause> out = new ArrayList<>();
    try (CsvTable t = table(RunFiles.CLIENT_PAUSES)) {
      int loop = t.require("loop");
      int start = t.require("start_ms");
      int end = t.require("end_ms");
      int length = t.require("length_ms");
      while (t.next()) {
        long s = t.requiredInteger(start);
        long e = t.requiredInteger(end);
        Double l = t.decimal(length);
        if (e < s || l == null || l < 0) {
          throw t.bad(length, String.valueOf(l), "a length >= 0 of a pause that ends at or after its start");
        }
        long n = t.requiredInteger(loop);
        if (n < 0 || n > 1_000_000) {
          throw t.bad(loop, Long.toString(n), "an event loop's index, 0 or more");
        }
        out.add(new io.llmload.metrics.ClientPause((int) n, s, e, l));
      }
      warn(t);
    } catch (IOException e) {
      throw cannotRead(RunFiles.CLIENT_PAUSES, e);
    }
    return out;
  }

  /** The successful scrapes of server-metrics.csv (every row when the file has no scrape_ok column). */
  public List<ServerMetricsRow> serverSamples() {
    List<ServerMetricsRow> out = new ArrayList<>();
    try (CsvTable t = table(RunFiles.SERVER_METRICS)) {
      int time = t.require("time_ms");
      int url = t.optional("url_index");
      int scrapeOk = t.optional("scrape_ok");
      int running = t.optional("requests_running");
      int waiting = t.optional("requests_waiting");
      int kv = t.optional("kv_cache_usage_perc");
      int prompt = t.optional("prompt_tokens_per_s");
      int generation = t.optional("generation_tokens_per_s");
      int preemptions = t.optional("preemptions_total");
      int preemptionsRate = t.optional("preemptions_per_s");
      int hitRate = t.optional("prefix_cache_hit_rate");
      int success = t.optional("requests_success_total");
      int reset = t.optional("counter_reset");
      while (t.next()) {
        if (!t.bool(scrapeOk, true)) {
          continue;
        }
        out.add(new ServerMetricsRow(t.requiredInteger(time), (int) t.integer(url, 0), t.decimal(running),
            t.decimal(waiting), t.decimal(kv), t.decimal(prompt), t.decimal(generation), t.decimal(preemptions),
            t.decimal(preemptionsRate), t.decimal(hitRate), t.decimal(success), true, t.bool(reset, false)));
      }
      warn(t);
    } catch (IOException e) {
      throw cannotRead(RunFiles.SERVER_METRICS, e);
    }
    return out;
  }

  /** The summary's GPU energy figures; empty when the run had no GPU telemetry (or the folder no summary). */
  public java.util.Optional<GpuFigures> gpu() {
    return GpuFigures.of(summary());
  }

  /** The rows of llm-gpu.csv, in file order (one per GPU per sample); empty when the folder has none. */
  public List<GpuRow> gpuSamples() {
    List<GpuRow> out = new ArrayList<>();
    if (!has(RunFiles.GPU)) {
      return out;
    }
    try (CsvTable t = table(RunFiles.GPU)) {
      int time = t.require("time_ms");
      int url = t.optional("url_index");
      int gpu = t.require("gpu");
      int uuid = t.optional("uuid");
      int host = t.optional("hostname");
      int util = t.optional("util_pct");
      int mem = t.optional("mem_used_mib");
      int power = t.optional("power_w");
      int energy = t.optional("energy_mj");
      int reset = t.optional("counter_reset");
      while (t.next()) {
        out.add(new GpuRow(t.requiredInteger(time), (int) t.integer(url, 0), t.requiredString(gpu), t.string(uuid),
            t.string(host), t.decimal(util), t.decimal(mem), t.decimal(power), t.decimal(energy), t.bool(reset, false)));
      }
      warn(t);
    } catch (IOException e) {
      throw cannotRead(RunFiles.GPU, e);
    }
    return out;
  }

  /**
   * What was left out while reading this folder's CSV files (an incomplete last row, as a run killed
   * mid-write leaves), each also logged once as a warning; empty when nothing was.
   */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  private void warn(CsvTable t) {
    for (String w : t.warnings()) {
      if (warnings.add(w)) {
        LOG.warning(w);
      }
    }
  }

  private CsvTable table(String file) throws IOException {
    require(file, null);
    return CsvTable.open(dir.resolve(file));
  }

  private RunFolderException cannotRead(String file, IOException e) {
    return new RunFolderException("cannot read " + dir.resolve(file) + ": " + e.getMessage(), e);
  }

  /** Column indexes of llm-calls.csv (-1 for an absent optional column). */
  private static final class CallColumns {
    private final CsvTable t;
    private final int callId;
    private final int scenario;
    private final int user;
    private final int step;
    private final int stepName;
    private final int groupTag;
    private final int startMs;
    private final int inputTokens;
    private final int usagePromptTokens;
    private final int requestedOutputTokens;
    private final int outputTokens;
    private final int usageOutputTokens;
    private final int countedOutputTokens;
    private final int tokenEvents;
    private final int ttftMs;
    private final int ttfoMs;
    private final int e2eMs;
    private final int tpotMs;
    private final int outputTokensPerS;
    private final int itlP50Ms;
    private final int itlP99Ms;
    private final int itlMaxMs;
    private final int httpStatus;
    private final int finishReason;
    private final int ok;
    private final int error;
    private final int responseId;
    private final int replica;
    private final int sentMs;
    private final int sendDelayMs;
    private final int clientPauseMs;

    CallColumns(CsvTable t) {
      this.t = t;
      callId = t.optional("call_id");
      scenario = t.optional("scenario");
      user = t.optional("user");
      step = t.optional("step");
      stepName = t.optional("step_name");
      groupTag = t.optional("group_tag");
      startMs = t.optional("start_ms");
      inputTokens = t.optional("input_tokens");
      usagePromptTokens = t.optional("usage_prompt_tokens");
      requestedOutputTokens = t.optional("requested_output_tokens");
      outputTokens = t.optional("output_tokens");
      usageOutputTokens = t.optional("usage_output_tokens");
      countedOutputTokens = t.optional("counted_output_tokens");
      tokenEvents = t.optional("token_events");
      ttftMs = t.optional("ttft_ms");
      ttfoMs = t.optional("ttfo_ms");
      e2eMs = t.optional("e2e_ms");
      tpotMs = t.optional("tpot_ms");
      outputTokensPerS = t.optional("output_tokens_per_s");
      itlP50Ms = t.optional("itl_p50_ms");
      itlP99Ms = t.optional("itl_p99_ms");
      itlMaxMs = t.optional("itl_max_ms");
      httpStatus = t.optional("http_status");
      finishReason = t.optional("finish_reason");
      ok = t.optional("ok");
      error = t.optional("error");
      responseId = t.optional("response_id");
      replica = t.optional("replica");
      sentMs = t.optional("sent_ms");
      sendDelayMs = t.optional("send_delay_ms");
      clientPauseMs = t.optional(CallPauses.COLUMN);
    }

    CallRow row() {
      return new CallRow(t.requiredInteger(callId), t.requiredString(scenario), t.integer(user), small(step),
          t.string(stepName), t.string(groupTag), t.requiredInteger(startMs), t.integer(inputTokens),
          t.integer(usagePromptTokens), t.integer(requestedOutputTokens), t.integer(outputTokens),
          t.integer(usageOutputTokens), t.integer(countedOutputTokens), t.integer(tokenEvents), t.decimal(ttftMs),
          t.decimal(ttfoMs), t.decimal(e2eMs), t.decimal(tpotMs), t.decimal(outputTokensPerS), t.decimal(itlP50Ms),
          t.decimal(itlP99Ms), t.decimal(itlMaxMs), small(httpStatus), t.string(finishReason), t.bool(ok),
          t.string(error), t.string(responseId), t.string(replica), t.decimal(sentMs), t.decimal(sendDelayMs),
          t.decimal(clientPauseMs));
    }

    private Integer small(int column) {
      Long v = t.integer(column);
      if (v != null && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
        throw t.bad(column, v.toString(), "a whole number below 2^31");
      }
      return v == null ? null : v.intValue();
    }
  }
}
