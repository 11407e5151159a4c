package io.llmload.gatling;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import io.llmload.config.LlmConfig;
import io.llmload.run.RunDescription;
import io.llmload.report.LlmReportPage;
import io.llmload.verdict.RunVerdict;
import io.llmload.metrics.SloPolicy;
import java.util.Map;
import io.llmload.run.RunRecorder;
import io.llmload.run.RunSummary;
import io.llmload.target.ServerProbe;
import io.llmload.target.Target;
import io.llmload.workload.Journey;
import io.llmload.workload.JourneyKind;
import io.llmload.workload.JourneyPlanner;
import io.llmload.workload.PlannedPrompts;
import io.llmload.workload.RequestBodies;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

/**
 * One run of a simulation, from the checks before any load to the files after it: the target (server
 * or embedded simulator), the model, the journeys, the prompts, and the recorder of every call.
 * Created in the simulation's constructor, so a bad setting stops the run before Gatling sends a request.
 */
public final class LlmRun implements AutoCloseable {
  private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final String simulation;
  private final LlmConfig config;
  private final JourneyKind kind;
  private final Target target;
  private final String model;
  private final String serverVersion;
  private final JourneyPlanner planner;
  private final PlannedPrompts prompts;
  private final RequestBodies bodies;
  private final io.llmload.target.ErrorExplainer explainer;
  private final RunRecorder recorder;
  private final Path runDir;
  private final Instant started = Instant.now();
  private final AtomicLong journeys = new AtomicLong();
  private final ToIntFunction<String> tokenCounter;
  private final AtomicLong activeStreams = new AtomicLong();
  private final AtomicLong streamedTokenEvents = new AtomicLong();
  private final RunMonitor monitor;
  private final SloPolicy slo;
  private final RunVerdict verdict;
  private final java.util.List<java.util.function.Consumer<Path>> beforeReport = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Reads the configuration and prepares the run; a bad setting stops here, before any load, with one
   * message naming the property and the fix (printed on its own line above Gatling's crash report).
   */
  public static LlmRun start(String simulation, java.util.function.Supplier<LlmConfig> config, JourneyKind kind) {
    try {
      return new LlmRun(simulation, config.get(), kind);
    } catch (io.llmload.config.ConfigException e) {
      System.err.println();
      System.err.println("LLM configuration error: " + e.getMessage());
      System.err.println();
      throw e;
    }
  }

  public LlmRun(String simulation, LlmConfig config, JourneyKind kind) {
    this.simulation = simulation;
    this.config = config;
    this.kind = kind;
    Encoding encoding = encoding(config.encoding());
    this.tokenCounter = encoding::countTokensOrdinary;
    this.target = Target.start(config);
    try {
      ServerProbe probe = new ServerProbe(target.baseUrl(), config.apiKey());
      this.model = probe.resolveModel(config.model());
      this.serverVersion = probe.version();
      probe.checkContextLength(model, config, kind);
      this.planner = new JourneyPlanner(config);
      this.prompts = new PlannedPrompts(config, planner, kind);
      long t0 = System.nanoTime();
      boolean ready = prompts.awaitPlanned(java.time.Duration.ofSeconds(600));
      System.out.printf("LLM: %d prompts for the first %d users built in %.1f s%s%n", prompts.planned(),
          Math.min(config.users(), 1000), (System.nanoTime() - t0) / 1e9, ready ? "" : " (not all: timed out, the rest are built during the run)");
      this.bodies = new RequestBodies(config, model);
      this.explainer = new io.llmload.target.ErrorExplainer(target.baseUrl() + config.endpoint().path(), config.apiKey());
      this.runDir = Path.of(config.outputDir(), RUN_ID.format(started) + "-" + label());
      Map<String, String> llmProperties = llmProperties();
      this.slo = SloPolicy.read(llmProperties);
      this.verdict = new RunVerdict(llmProperties);
      this.recorder = new RunRecorder(runDir, tokenCounter, slo);
      this.monitor = new RunMonitor(config, target.baseUrl(), runDir, recorder, activeStreams, streamedTokenEvents,
          LlmSetup.maxDuration(config));
      GatlingInternals.onRuntimeCaptured(monitor::startClientProbes);
    } catch (RuntimeException e) {
      target.close();
      throw e;
    }
  }

  static Encoding encoding(String name) {
    var registry = Encodings.newLazyEncodingRegistry();
    return registry.getEncoding(name).orElseThrow(() -> new io.llmload.config.ConfigException(
        "llm.encoding=" + name + " is not a jtokkit encoding; use cl100k_base, o200k_base, p50k_base, p50k_edit or r50k_base"));
  }

  /** The next user's journey (its index counts users in start order). */
  public Journey nextJourney(String groupTag) {
    monitor.onMeasuredLoadStart();
    Journey journey = planner.journey(journeys.getAndIncrement(), kind, groupTag);
    prompts.planAhead(journey);
    return journey;
  }

  /** A refused call with the server's reason added, when it can be found (see ErrorExplainer). */
  public io.llmload.metrics.CallResult explainRefusal(io.llmload.metrics.CallResult r, String body) {
    String message = config.explainRefusals() ? explainer.explain(r.httpStatus(), body) : null;
    if (message == null || r.error() == null || !r.error().startsWith("HTTP ")) {
      return r;
    }
    return new io.llmload.metrics.CallResult(r.spec(), r.startMs(), r.usagePromptTokens(), r.usageOutputTokens(),
        r.outputTokens(), r.tokenEvents(), r.ttftMs(), r.ttfoMs(), r.e2eMs(), r.itlGapsMs(), r.httpStatus(),
        r.finishReason(), r.ok(), r.error() + ": " + message, r.outputText(), r.contentText(), r.responseId());
  }

  public String label() {
    if (config.label() != null) {
      return config.label().replaceAll("[^A-Za-z0-9._-]+", "_");
    }
    String shortModel = model == null ? "model" : model.substring(model.lastIndexOf('/') + 1);
    return (shortModel + "-" + config.users() + "u").replaceAll("[^A-Za-z0-9._-]+", "_");
  }

  public LlmConfig config() {
    return config;
  }

  public Target target() {
    return target;
  }

  public String model() {
    return model;
  }

  public String serverVersion() {
    return serverVersion;
  }

  public PlannedPrompts prompts() {
    return prompts;
  }

  public RequestBodies bodies() {
    return bodies;
  }

  public RunRecorder recorder() {
    return recorder;
  }

  /** The llm.slo.* objectives every call is judged against. */
  public SloPolicy slo() {
    return slo;
  }

  public ToIntFunction<String> tokenCounter() {
    return tokenCounter;
  }

  /** Token-bearing events received so far, by every stream (for the live progress line). */
  public AtomicLong streamedTokenEvents() {
    return streamedTokenEvents;
  }

  public AtomicLong activeStreams() {
    return activeStreams;
  }

  public Path runDir() {
    return runDir;
  }

  public String simulation() {
    return simulation;
  }

  public Instant started() {
    return started;
  }

  /** Writes llm-summary.json and prints the console summary; stops the embedded simulator. */
  public RunSummary finish() {
    monitor.stop();
    recorder.close();
    prompts.close();
    RunSummary summary = RunSummary.of(info(Instant.now()), recorder);
    summary.put("client_health", monitor.clientHealth());
    summary.put("server", monitor.serverSummary());
    summary.put("prompts", Map.of("build", prompts.describe()));
    Map<String, Object> sloSection = recorder.slo();
    if (sloSection != null) {
      summary.put("slo", sloSection);
    }
    summary.write(runDir);
    io.llmload.run.RunInfo.write(runDir, runJson());
    if (verdict.active()) {
      summary.put("assertions", verdict.evaluate(summary.root(), runDir, label()));
      summary.write(runDir);
    }
    for (java.util.function.Consumer<Path> hook : beforeReport) {
      try {
        hook.accept(runDir);
      } catch (RuntimeException e) {
        System.out.println("LLM: a finishing step failed: " + e);
      }
    }
    try {
      LlmReportPage.write(runDir);
    } catch (RuntimeException e) {
      System.out.println("LLM: the HTML report could not be written: " + e);
    }
    System.out.println(summary.console());
    System.out.println("LLM run files: " + runDir.toAbsolutePath());
    if (verdict.failed()) {
      System.out.println(verdict.failureMessage());
    }
    RunArchiver.register(runDir, Path.of(System.getProperty("llm.gatlingResultsDir", "target/gatling")), simulation,
        Path.of(config.reportsDir()), label(), started, archiveEnabled(), verdict::failed);
    return summary;
  }

  /**
   * Runs {@code hook} in {@link #finish()} once every run file is written (calls, ITL, server metrics,
   * summary) and before the report page and the archive, so a file the hook writes into the run folder
   * (e.g. sweep-summary.json) is shown on the page and archived.
   */
  public void beforeReport(java.util.function.Consumer<Path> hook) {
    beforeReport.add(hook);
  }

  private static boolean archiveEnabled() {
    return !"false".equalsIgnoreCase(System.getProperty("llm.archive", System.getenv().getOrDefault("LLM_ARCHIVE", "true")));
  }

  /** Every llm.* -D property (SLO, assertion and regression settings are open-ended families). */
  static Map<String, String> llmProperties() {
    Map<String, String> out = new java.util.TreeMap<>();
    System.getProperties().forEach((k, v) -> {
      if (k.toString().startsWith("llm.")) {
        out.put(k.toString(), v.toString());
      }
    });
    return out;
  }

  /** run.json: what produced this run, without secrets. */
  private Map<String, Object> runJson() {
    Map<String, Object> run = new java.util.LinkedHashMap<>();
    run.put("label", label());
    run.put("simulation", simulation);
    run.put("started_at", started.toString());
    run.put("target", Map.of("base_url", target.baseUrl(), "kind", target.kind(),
        "simulator", String.valueOf(target.simulatorDescription())));
    run.put("model", model);
    run.put("server_version", serverVersion);
    run.put("suite_version", Versions.suite());
    run.put("gatling_version", Versions.gatling());
    run.put("java_version", System.getProperty("java.version"));
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "unknown";
    }
    run.put("host", host);
    run.put("cores", Runtime.getRuntime().availableProcessors());
    run.put("config", config.effective());
    return run;
  }

  public RunDescription info(Instant ended) {
    return new RunDescription(label(), simulation, started, ended, target.baseUrl(), target.kind(),
        target.simulatorDescription(), model, serverVersion, Versions.suite(), Versions.gatling(), config.effective());
  }

  @Override
  public void close() {
    monitor.close();
    target.close();
  }
}
