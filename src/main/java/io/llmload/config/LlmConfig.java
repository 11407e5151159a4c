package io.llmload.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every knob of a run, read once from -D properties (or their LLM_* environment twins) and validated
 * before any load is sent. Defaults are the seed script's workload.
 *
 * @param baseUrl the server, without a trailing slash or /v1; null means "start the embedded simulator"; several
 *                replicas of one deployment as a comma-separated list (see {@link #baseUrls()})
 * @param replicaBalance how calls are spread over several replicas (llm.replicaBalance)
 */
public record LlmConfig(
    String baseUrl,
    String model,
    String apiKey,
    Endpoint endpoint,
    int users,
    Injection injection,
    double rampSeconds,
    double holdSeconds,
    double agentMix,
    TokenRange heavyInput,
    TokenRange heavyOutput,
    List<TokenRange> agentInput,
    List<TokenRange> agentOutput,
    double thinkMinSeconds,
    double thinkMaxSeconds,
    double temperature,
    double topP,
    boolean agentChain,
    boolean forceOutputLength,
    String encoding,
    int sharedPrefixTokens,
    long seed,
    double timeoutSeconds,
    double maxCallSeconds,
    int warmupCalls,
    boolean warmupPerUser,
    boolean warmConnections,
    boolean explainRefusals,
    int drainMillis,
    int sseBufferSize,
    String label,
    String reportsDir,
    String outputDir,
    String metricsUrl,
    double metricsPeriodSeconds,
    String workload,
    String tokenizer,
    DatasetConfig dataset,
    ScheduleConfig schedule,
    ReplicaBalance replicaBalance,
    Map<String, String> effective,
    ShardConfig shard) {

  public static final List<String> AGENT_STEP_NAMES = List.of("plan", "retrieve", "reason", "synthesize", "finalize");

  /** The secret is never part of the record's text form. */
  @Override
  public String toString() {
    return "LlmConfig" + effective;
  }

  /** llm.workload: the simulation's own synthetic workload, or sampled conversations of llm.dataset.file. */
  public static final String SYNTHETIC = "synthetic";
  public static final String CONVERSATIONS = "conversations";
  /** llm.workload=trace: the records of llm.trace.file, replayed by TraceReplaySimulation. */
  public static final String TRACE = "trace";
  /** llm.tokenizer=server: prompts sized with the server's /tokenize, chat template included. */
  public static final String SERVER_TOKENIZER = "server";

  public boolean conversations() {
    return CONVERSATIONS.equals(workload);
  }

  public boolean serverTokenizer() {
    return SERVER_TOKENIZER.equals(tokenizer);
  }

  /** llm.tokenizer names a local tokenizer.json (or the model folder holding it). */
  public boolean localTokenizer() {
    return !SERVER_TOKENIZER.equals(tokenizer) && !tokenizer.equals(encoding);
  }

  public boolean useSimulator() {
    return baseUrl == null;
  }

  /** The replicas of llm.baseUrl in the order given (one element for one server); empty for the simulator. */
  public List<String> baseUrls() {
    return baseUrl == null ? List.of() : List.of(baseUrl.split(","));
  }

  public int agentSteps() {
    return agentInput.size();
  }

  public static String stepName(int step) {
    return step >= 1 && step <= AGENT_STEP_NAMES.size() ? AGENT_STEP_NAMES.get(step - 1) : "step" + step;
  }

  public static LlmConfig fromSystem() {
    return read(Settings.fromSystem(), Defaults.SEED);
  }

  public static LlmConfig fromSystem(Defaults defaults) {
    return read(Settings.fromSystem(), defaults);
  }

  /** Defaults that differ between simulations (the smoke simulation is small). */
  public record Defaults(int users, double rampSeconds, TokenRange heavyInput, TokenRange heavyOutput,
                         String agentInput, String agentOutput, double thinkMin, double thinkMax, int warmupCalls) {
    public static final Defaults SEED = new Defaults(200, 20, new TokenRange(7000, 10000), new TokenRange(4000, 6000),
        "800-1500,1500-2500,1200-2200,2000-3000,2500-4000", "300-700,300-800,400-900,600-1200,1200-2200", 0.2, 1.2, 100);
    /** The smoke simulation: the same shape, small enough to finish in seconds. */
    public static final Defaults SMOKE = new Defaults(8, 1, new TokenRange(300, 600), new TokenRange(30, 60),
        "100-200,150-250,120-220,200-300,250-400", "10-20,10-25,15-30,20-40,30-60", 0.05, 0.2, 20);
  }

  public static LlmConfig read(Settings s, Defaults d) {
    String baseUrl = baseUrl(s.string("llm.baseUrl", null));
    String model = s.string("llm.model", null);
    String apiKey = s.secret("llm.apiKey", "LLM_API_KEY", "OPENAI_API_KEY");
    checkKeyTransport(baseUrl, apiKey, s.bool("llm.allowInsecureKey", false));
    Endpoint endpoint = s.choice("llm.endpoint", Endpoint.class, Endpoint.CHAT);
    int users = (int) s.integer("llm.users", d.users(), 1, 1_000_000);
    Injection injection = s.choice("llm.injection", Injection.class, Injection.OPEN);
    double ramp = s.decimal("llm.rampSeconds", d.rampSeconds(), 0, 86_400);
    double hold = s.decimal("llm.holdSeconds", 60, 0, 7 * 86_400);
    double mix = s.decimal("llm.agentMix", 0.30, 0, 1);
    TokenRange heavyInput = TokenRange.read(s, "llm.input", d.heavyInput().min(), d.heavyInput().max());
    TokenRange heavyOutput = TokenRange.read(s, "llm.output", d.heavyOutput().min(), d.heavyOutput().max());
    List<TokenRange> agentInput = TokenRange.readList(s, "llm.agent.input", d.agentInput());
    List<TokenRange> agentOutput = TokenRange.readList(s, "llm.agent.output", d.agentOutput());
    if (agentInput.size() != agentOutput.size()) {
      throw new ConfigException("llm.agent.input has " + agentInput.size() + " step ranges but llm.agent.output has "
          + agentOutput.size() + "; give both the same number of comma-separated min-max ranges (one per agent step)");
    }
    double thinkMin = s.decimal("llm.thinkMinSeconds", d.thinkMin(), 0, 3600);
    double thinkMax = s.decimal("llm.thinkMaxSeconds", d.thinkMax(), 0, 3600);
    if (thinkMin > thinkMax) {
      throw new ConfigException("llm.thinkMinSeconds=" + thinkMin + " is above llm.thinkMaxSeconds=" + thinkMax
          + "; set -Dllm.thinkMinSeconds <= -Dllm.thinkMaxSeconds");
    }
    double temperature = s.decimal("llm.temperature", 0.2, 0, 2);
    double topP = s.decimal("llm.topP", 0.9, 0, 1);
    boolean chain = s.bool("llm.agentChain", false);
    boolean force = s.bool("llm.forceOutputLength", true);
    String encoding = s.string("llm.encoding", "cl100k_base");
    int sharedPrefix = (int) s.integer("llm.sharedPrefixTokens", 0, 0, 1_000_000);
    int minInput = Math.min(heavyInput.min(), agentInput.stream().mapToInt(TokenRange::min).min().orElse(heavyInput.min()));
    if (sharedPrefix >= minInput) {
      throw new ConfigException("llm.sharedPrefixTokens=" + sharedPrefix + " is not below the smallest input size ("
          + minInput + " tokens); lower -Dllm.sharedPrefixTokens");
    }
    long seed = s.integer("llm.seed", 42, Long.MIN_VALUE, Long.MAX_VALUE);
    double timeout = s.decimal("llm.timeoutSeconds", 1800, 0.1, 86_400);
    double maxCall = s.decimal("llm.maxCallSeconds", 3600, 0.1, 86_400);
    int warmup = (int) s.integer("llm.warmupCalls", d.warmupCalls(), 0, 1000);
    boolean warmupPerUser = s.bool("llm.warmupPerUser", false);
    boolean warmConnections = s.bool("llm.warmConnections", true);
    boolean explainRefusals = s.bool("llm.explainRefusals", true);
    int drain = (int) s.integer("llm.drainMillis", 20, 1, 1000);
    int buffer = (int) s.integer("llm.sseBufferSize", 10_000, 16, 10_000_000);
    String label = s.string("llm.label", null);
    String reportsDir = s.string("llm.reportsDir", "reports");
    String outputDir = s.string("llm.outputDir", "target/llm-runs");
    String metricsUrl = s.string("llm.metricsUrl", null);
    double metricsPeriod = s.decimal("llm.metricsPeriodSeconds", 2, 0.05, 3600);
    String workload = workload(s.string("llm.workload", SYNTHETIC));
    String tokenizer = tokenizer(s.string("llm.tokenizer", encoding), encoding, chain);
    DatasetConfig dataset = DatasetConfig.read(s, users);
    if (CONVERSATIONS.equals(workload) && dataset.file() == null) {
      throw new ConfigException("llm.workload=conversations needs a dataset; set -Dllm.dataset.file=<ShareGPT .json"
          + " or .jsonl of {\"prompt\", \"output_tokens\"}>");
    }
    ScheduleConfig schedule = ScheduleConfig.read(s, injection, ramp);
    ShardConfig shard = ShardConfig.read(s, injection);
    ReplicaBalance balance = s.choice("llm.replicaBalance", ReplicaBalance.class, ReplicaBalance.ROUND_ROBIN);
    checkShare(shard, users, injection, schedule.maxConcurrency());
    return new LlmConfig(baseUrl, model, apiKey, endpoint, users, injection, ramp, hold, mix, heavyInput, heavyOutput,
        agentInput, agentOutput, thinkMin, thinkMax, temperature, topP, chain, force, encoding, sharedPrefix, seed,
        timeout, maxCall, warmup, warmupPerUser, warmConnections, explainRefusals, drain, buffer, label, reportsDir, outputDir, metricsUrl,
        metricsPeriod, workload, tokenizer, dataset, schedule, balance, s.effective(), shard);
  }

  /**
   * Every shard must have something to send: its part of llm.users (closed: concurrent users; open: the
   * arrivals at its positions) and of llm.maxConcurrency. A trace replay's records are checked when the
   * trace is read.
   */
  static void checkShare(ShardConfig shard, int users, Injection injection, int maxConcurrency) {
    if (!shard.sharded()) {
      return;
    }
    if (shard.share(users) == 0) {
      throw new ConfigException("llm.shard=" + shard.label() + ": llm.users=" + users + " leaves this injector no "
          + (injection == Injection.CLOSED ? "concurrent user" : "arrival") + " (each of the " + shard.count()
          + " injectors sends every " + shard.count() + "-th one); set -Dllm.users to at least " + shard.count()
          + " or use fewer injectors");
    }
    if (maxConcurrency > 0 && shard.share(maxConcurrency) == 0) {
      throw new ConfigException("llm.shard=" + shard.label() + ": llm.maxConcurrency=" + maxConcurrency + " is split"
          + " over " + shard.count() + " injectors and leaves this one no slot; set -Dllm.maxConcurrency to at least "
          + shard.count() + " or use fewer injectors");
    }
  }

  static String workload(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    if (!v.equals(SYNTHETIC) && !v.equals(CONVERSATIONS) && !v.equals(TRACE)) {
      throw new ConfigException("llm.workload=" + value + " is not known; set -Dllm.workload=synthetic (default: the"
          + " simulation's own workload), conversations (with -Dllm.dataset.file) or trace (with -Dllm.trace.file, in"
          + " TraceReplaySimulation)");
    }
    return v;
  }

  /**
   * llm.tokenizer: the jtokkit encoding (llm.encoding, the default), server (the server's /tokenize) or the path
   * of a local tokenizer.json (or of the model folder that holds one).
   */
  static String tokenizer(String value, String encoding, boolean agentChain) {
    if (value.equals(encoding)) {
      return value;
    }
    boolean server = value.equalsIgnoreCase(SERVER_TOKENIZER);
    if (!server && !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(value))
        && !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(value, "tokenizer.json"))) {
      throw new ConfigException("llm.tokenizer=" + value + " is neither " + encoding + " (llm.encoding), server (the"
          + " server's /tokenize, chat template included) nor a tokenizer.json file or a folder holding one; set"
          + " -Dllm.tokenizer to one of those");
    }
    if (agentChain) {
      throw new ConfigException("llm.tokenizer=" + value + " sizes each call's whole prompt, which llm.agentChain=true"
          + " grows with the model's answers; set -Dllm.agentChain=false or -Dllm.tokenizer=" + encoding);
    }
    return server ? SERVER_TOKENIZER : value;
  }

  /**
   * An API key crosses a network only encrypted: with a key, a plain http:// base URL must name a loopback
   * host (localhost, 127.x.x.x, ::1) unless llm.allowInsecureKey=true.
   */
  static void checkKeyTransport(String baseUrl, String apiKey, boolean allowInsecureKey) {
    if (baseUrl == null || apiKey == null || allowInsecureKey) {
      return;
    }
    for (String replica : baseUrl.split(",")) {
      checkKeyTransport(replica);
    }
  }

  private static void checkKeyTransport(String baseUrl) {
    URI uri = URI.create(baseUrl);
    if (!"http".equalsIgnoreCase(uri.getScheme()) || isLoopback(uri.getHost())) {
      return;
    }
    throw new ConfigException("llm.baseUrl=" + baseUrl + " is plain http to " + uri.getHost() + ", not a loopback"
        + " address: the API key would cross the network unencrypted; use https://, or set -Dllm.allowInsecureKey=true"
        + " if the network is trusted (or unset the key: LLM_API_KEY, OPENAI_API_KEY, -Dllm.apiKey)");
  }

  /** localhost, 127.0.0.0/8 or ::1, by name only (nothing is resolved). */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost") || h.endsWith(".localhost") || h.matches("127(\\.\\d{1,3}){3}")
        || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
  }

  /**
   * Validates and normalizes llm.baseUrl: one server root, or several replicas of one deployment separated by
   * commas, each checked as one (an empty element, a non-URL or the same replica twice is refused, naming it).
   * Returns the normalized list joined by commas.
   */
  static String baseUrl(String value) {
    if (value == null) {
      return null;
    }
    if (value.indexOf(',') < 0) {
      return replicaUrl(value, "llm.baseUrl=" + value);
    }
    String[] parts = value.split(",", -1);
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].strip();
      String name = "llm.baseUrl element " + (i + 1) + " of " + parts.length;
      if (part.isEmpty()) {
        throw new ConfigException(name + " is empty (in \"" + Redaction.url(value) + "\"); give the replicas' roots"
            + " separated by single commas, e.g. -Dllm.baseUrl=http://vllm-0:8000,http://vllm-1:8000");
      }
      String url = replicaUrl(part, name + " (" + part + ")");
      if (out.contains(url)) {
        throw new ConfigException(name + " (" + Redaction.url(part) + ") repeats element " + (out.indexOf(url) + 1)
            + ": a replica listed twice would get twice the calls; list each replica once");
      }
      out.add(url);
    }
    return String.join(",", out);
  }

  /** One server root: http(s)://host[:port][/prefix], no trailing slash or /v1; {@code name} starts an error. */
  private static String replicaUrl(String value, String name) {
    String fix = "; set -Dllm.baseUrl=http://host:8000 (the server root, as vLLM serves /v1/... under it; several"
        + " replicas separated by commas)";
    String shown = Redaction.url(name);
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new ConfigException(shown + " is not a URL (" + e.getReason() + ")" + fix);
    }
    if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
      throw new ConfigException(shown + " must start with http:// or https://" + fix);
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new ConfigException(shown + " has no host" + fix);
    }
    if (uri.getQuery() != null || uri.getFragment() != null) {
      throw new ConfigException(shown + " must not have a query or fragment" + fix);
    }
    String normalized = value;
    while (normalized.endsWith("/")) {
      normalized = normalized.substring(0, normalized.length() - 1);
    }
    if (normalized.endsWith("/v1")) {
      normalized = normalized.substring(0, normalized.length() - 3);
    }
    return normalized;
  }
}
