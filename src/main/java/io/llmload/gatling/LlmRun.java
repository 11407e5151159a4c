package io.llmload.gatling;

import com.knuddels.jtokkit.api.Encoding;
import io.llmload.config.ConfigException;
import io.llmload.config.LlmConfig;
import io.llmload.config.Settings;
import io.llmload.metrics.CallResult;
import io.llmload.metrics.PromptTokenCheck;
import io.llmload.metrics.SloPolicy;
import io.llmload.run.RunFolderName;
import io.llmload.run.RunRecorder;
import io.llmload.run.RunSummary;
import io.llmload.target.ErrorExplainer;
import io.llmload.target.ReplicaBalancer;
import io.llmload.target.ServerProbe;
import io.llmload.target.Target;
import io.llmload.target.TokenizeClient;
import io.llmload.workload.dataset.Conversations;
import io.llmload.workload.prompt.LocalTokenizer;
import io.llmload.workload.prompt.PromptCounter;
import io.llmload.verdict.RunVerdict;
import io.llmload.workload.prompt.PromptFactory;
import io.llmload.workload.CallSpec;
import io.llmload.workload.Journey;
import io.llmload.workload.JourneyKind;
import io.llmload.workload.JourneyPlanner;
import io.llmload.workload.PlannedPrompts;
import io.llmload.workload.RequestBodies;
import io.llmload.workload.trace.HashIdPrompts;
import io.llmload.workload.trace.Trace;
import io.llmload.workload.trace.TracePrompts;
import io.llmload.workload.trace.TraceRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * One run of a simulation, wired before any load: the target (server or embedded simulator), the
 * model, the journeys, the prompts, the recorder of every call, the live monitor and the verdict.
 * Created in the simulation's constructor, so a bad setting stops the run before Gatling sends a
 * request; {@link #finish()} hands over to {@link RunEnd} for the files after it.
 */
public final class LlmRun implements AutoCloseable {

  private final LlmConfig config;
  private final JourneyKind kind;
  private final Target target;
  private final RunOrigin origin;
  private final JourneyPlanner planner;
  private final PlannedPrompts prompts;
  private final RequestBodies bodies;
  private final ErrorExplainer explainer;
  private final RunRecorder recorder;
  private final Path runDir;
  private final AtomicLong journeys = new AtomicLong();
  private final ToIntFunction<String> tokenCounter;
  private final AtomicLong activeStreams = new AtomicLong();
  private final AtomicLong streamedTokenEvents = new AtomicLong();
  private final RunMonitor monitor;
  private final SloPolicy slo;
  private final RunEnd end;
  private final Conversations conversations;
  private final PromptTokenCheck promptTokens = new PromptTokenCheck();
  private final int systemPromptTokens;
  private final LocalTokenizer localTokenizer;
  private final ReplicaBalancer replicas;

  /**
   * Refuses unknown settings, reads the configuration and prepares the run; a bad setting stops here,
   * before any load, with one message naming the property and the fix (printed on its own line above
   * Gatling's crash report).
   */
  public static LlmRun start(String simulation, Supplier<LlmConfig> config, JourneyKind kind) {
    try {
      Settings settings = Settings.fromSystem().check();
      return new LlmRun(simulation, config.get(), kind, RunSettings.read(settings));
    } catch (ConfigException e) {
      System.err.println();
      System.err.println("LLM configuration error: " + e.getMessage());
      System.err.println();
      throw e;
    }
  }

  /** A run with the verdict and archive settings of the JVM's -D properties and environment. */
  public LlmRun(String simulation, LlmConfig config, JourneyKind kind) {
    this(simulation, config, kind, RunSettings.read(Settings.fromSystem()));
  }

  public LlmRun(String simulation, LlmConfig config, JourneyKind kind, RunSettings settings) {
    Instant started = Instant.now();
    this.config = config;
    this.kind = config.conversations() ? JourneyKind.CONVERSATION : kind;
    Encoding encoding = encoding(config.encoding());
    this.tokenCounter = encoding::countTokensOrdinary;
    // /v1/completions sends the system prompt and a blank line before the user text
    this.systemPromptTokens = tokenCounter.applyAsInt(RequestBodies.SYSTEM_PROMPT
        + (config.endpoint() == io.llmload.config.Endpoint.CHAT ? "" : "\n\n"));
    if (this.kind == JourneyKind.CONVERSATION && config.dataset().file() == null) {
      throw new ConfigException(simulation + " replays conversations; set -Dllm.dataset.file=<ShareGPT .json or"
          + " .jsonl of {\"prompt\", \"output_tokens\"}>");
    }
    this.localTokenizer = config.localTokenizer() ? localTokenizer(config.tokenizer()) : null;
    // read and checked before the target starts: bad input stops the run before any load
    this.conversations = this.kind == JourneyKind.CONVERSATION
        ? Conversations.load(config, localTokenizer != null ? localTokenizer::count : tokenCounter) : null;
    if (conversations != null) {
      System.out.println("LLM: " + conversations.describe());
    }
    this.target = Target.start(config);
    try {
      ServerProbe probe = new ServerProbe(target.baseUrl(), config.apiKey());
      String model = probe.resolveModel(config.model());
      this.origin = RunOrigin.of(simulation, started, config, target, model, probe.version());
      probe.checkContextLength(model, config, this.kind);
      for (String replica : target.baseUrls().subList(1, target.baseUrls().size())) {
        // every replica is checked as one server: reachable, key accepted, the same model, the context fits
        ServerProbe other = new ServerProbe(replica, config.apiKey());
        other.resolveModel(model);
        other.checkContextLength(model, config, this.kind);
      }
      this.replicas = new ReplicaBalancer(target.baseUrls(), config.replicaBalance());
      this.planner = new JourneyPlanner(config);
      PromptCounter sizing = localTokenizer;
      if (config.serverTokenizer() && this.kind != JourneyKind.CONVERSATION) {
        TokenizeClient server = new TokenizeClient(target.baseUrl(), model, config.apiKey(), config.endpoint());
        server.count(RequestBodies.SYSTEM_PROMPT, "Hello."); // a server without /tokenize stops the run here
        sizing = server;
      }
      this.prompts = new PlannedPrompts(config, planner, this.kind, sizing);
      long t0 = System.nanoTime();
      boolean ready = prompts.awaitPlanned(Duration.ofSeconds(600));
      if (conversations == null) {
        System.out.printf("LLM: %d prompts for the first %d users built in %.1f s%s%n", prompts.planned(),
          Math.min(config.users(), 1000), (System.nanoTime() - t0) / 1e9, ready ? "" : " (not all: timed out, the rest are built during the run)");
      }
      this.bodies = new RequestBodies(config, model);
      this.explainer = new ErrorExplainer(target.baseUrl() + config.endpoint().path(), config.apiKey());
      // checked before the run folder exists: a GPU source that does not answer or parse stops the run here
      GpuMonitor gpu = GpuMonitor.create(settings.gpuMetricsUrl(), settings.gpuMetricsFile(), null,
          Duration.ofMillis(Math.round(config.metricsPeriodSeconds() * 1000)), LlmSetup.maxDuration(config),
          GatlingInternals::nowMillis);
      this.runDir = RunFolderName.create(Path.of(config.outputDir()), started, origin.label());
      this.slo = SloPolicy.read(settings.verdict());
      RunVerdict verdict = new RunVerdict(settings.verdict());
      this.recorder = new RunRecorder(runDir, tokenCounter, slo);
      this.monitor = new RunMonitor(config, target.baseUrls(), runDir, recorder, activeStreams, streamedTokenEvents,
          LlmSetup.maxDuration(config), settings.clientPauseMs());
      this.end = new RunEnd(origin, runDir, recorder, monitor, prompts, promptTokens, verdict, settings,
          Path.of(config.reportsDir()));
      monitor.gpu(gpu.in(runDir));
      GatlingInternals.onRuntimeCaptured(monitor::startClientProbes);
    } catch (RuntimeException e) {
      target.close();
      throw e;
    }
  }

  private static LocalTokenizer localTokenizer(String path) {
    try {
      return new LocalTokenizer(Path.of(path));
    } catch (java.io.IOException | RuntimeException e) {
      throw new ConfigException("llm.tokenizer=" + path + " cannot be loaded as a Hugging Face tokenizer.json: "
          + e.getMessage());
    }
  }

  static Encoding encoding(String name) {
    try {
      return PromptFactory.encoding(name);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("llm.encoding=" + name + " is not a jtokkit encoding; use one of "
          + PromptFactory.validEncodingNames());
    }
  }

  /**
   * The next user's journey: the k-th user started gets the journey at position k (with llm.shard=I/N, at
   * position I + k·N, so that the injectors of one run never draw the same journey).
   */
  public Journey nextJourney(String groupTag) {
    return journeyAt(config.shard().position(journeys.getAndIncrement()), groupTag);
  }

  /** The journey at {@code position} of the run (an arrival schedule's position). */
  public Journey journeyAt(long position, String groupTag) {
    monitor.onMeasuredLoadStart();
    Journey journey = conversations != null ? conversations.journey(position, groupTag)
        : planner.journey(position, kind, groupTag);
    prompts.planAhead(journey);
    return journey;
  }

  /**
   * The journey of trace record {@code position} of the replay: one call of the record's input and output
   * tokens (its call id is position × stride, as a drawn journey's).
   */
  public Journey traceJourney(long position, TraceRecord record) {
    monitor.onMeasuredLoadStart();
    CallSpec call = new CallSpec(position * JourneyPlanner.CALL_ID_STRIDE, CallSpec.SINGLE, position, 0, "trace", null,
        record.inputTokens(), record.outputTokens());
    return new Journey(position, false, List.of(call), List.of(0L));
  }

  /** The default prompts of a trace replay (hash ids ignored), from the run's encoding and seed. */
  /** The prompts of a trace's records: its hash ids as shared blocks (Mooncake), else a unique text each. */
  public TracePrompts tracePrompts(Trace trace) {
    try {
      return HashIdPrompts.forTrace(trace, config.encoding(), config.seed());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("llm.encoding=" + config.encoding() + ": " + e.getMessage());
    }
  }

  /** A refused call with the server's reason added, when it can be found (see ErrorExplainer). */
  public CallResult explainRefusal(CallResult r, String body) {
    String message = config.explainRefusals() ? explainer.explain(r.httpStatus(), body) : null;
    if (message == null || r.error() == null || !r.error().startsWith("HTTP ")) {
      return r;
    }
    return new CallResult(r.spec(), r.startMs(), r.usagePromptTokens(), r.usageOutputTokens(),
        r.outputTokens(), r.tokenEvents(), r.ttftMs(), r.ttfoMs(), r.e2eMs(), r.itlGapsMs(), r.httpStatus(),
        r.finishReason(), r.ok(), r.error() + ": " + message, r.outputText(), r.contentText(), r.responseId(),
        r.schedule(), r.replica(), r.send());
  }

  /** The conversations workload's sample, or null for the synthetic workloads. */
  public Conversations conversations() {
    return conversations;
  }

  /** Requested versus server-reported prompt tokens, fed by every ok call (llm-summary.json "prompt_tokens"). */
  public PromptTokenCheck promptTokens() {
    return promptTokens;
  }

  /**
   * The prompt size a call asked for: the whole prompt when it was sized as a whole (llm.tokenizer=server, a
   * conversation turn), else the user text plus the system prompt and the chained history, in jtokkit tokens.
   */
  public int requestedPromptTokens(io.llmload.workload.CallSpec spec, int historyTokens) {
    if (config.serverTokenizer() || localTokenizer != null || kind == JourneyKind.CONVERSATION) {
      return spec.inputTokens();
    }
    return spec.inputTokens() + systemPromptTokens + historyTokens;
  }

  public String label() {
    return origin.label();
  }

  public LlmConfig config() {
    return config;
  }

  public Target target() {
    return target;
  }

  /** Which replica each call goes to (one replica for one server or the simulator). */
  public ReplicaBalancer replicas() {
    return replicas;
  }

  public String model() {
    return origin.model();
  }

  public String serverVersion() {
    return origin.serverVersion();
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

  /** Writes the run's files, prints the console summary and registers the archive (see {@link RunEnd}). */
  public RunSummary finish() {
    return end.finish();
  }

  /**
   * Runs {@code hook} in {@link #finish()} once every run file is written (calls, ITL, server metrics,
   * summary) and before the report page and the archive, so a file the hook writes into the run folder
   * (e.g. sweep-summary.json) is shown on the page and archived.
   */
  public void beforeReport(Consumer<Path> hook) {
    end.beforeReport(hook);
  }

  @Override
  public void close() {
    monitor.close();
    target.close();
    if (localTokenizer != null) {
      localTokenizer.close();
    }
  }
}
