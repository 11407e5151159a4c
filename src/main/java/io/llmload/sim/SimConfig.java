package io.llmload.sim;

import io.llmload.config.Settings;
import io.llmload.metrics.Numbers;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Immutable simulator configuration. Values not set explicitly come from the chosen {@link Profile}.
 * {@link #fromSystemProperties()} reads the {@code sim.*} properties through {@link Settings}; every bad
 * value fails with an IllegalArgumentException that names the property and says how to fix it.
 */
public final class SimConfig {
  public static final long DEFAULT_SEED = 42;

  private final SimMode mode;
  private final Profile profile;
  private final String model;
  private final double ttftMs;
  private final double itlMs;
  private final long seed;
  private final String apiKey;
  private final int reasoningTokens;
  private final FaultSpec faults;
  private final int maxNumSeqs;
  private final int maxNumBatchedTokens;
  private final long kvCacheTokens;
  private final int maxModelLen;
  private final int port;
  private final double stallSeconds;
  private final int meanOutputTokens;
  private final int messageOverheadTokens;
  private final int retryAfterSeconds;
  private final int gpus;
  private final double gpuIdleW;
  private final double gpuWattsPerSeq;
  private final double gpuMaxW;
  private final boolean gpuEnergyCounter;

  private SimConfig(Builder b) {
    this.mode = b.mode;
    this.profile = Profile.named(b.profile);
    this.model = b.model != null ? b.model : profile.defaultModel();
    this.ttftMs = b.ttftMs != null ? b.ttftMs : profile.fixedTtftMs();
    this.itlMs = b.itlMs != null ? b.itlMs : profile.fixedItlMs();
    this.seed = b.seed;
    this.apiKey = b.apiKey == null || b.apiKey.isEmpty() ? null : b.apiKey;
    this.reasoningTokens = b.reasoningTokens;
    this.faults = FaultSpec.parse(b.faults);
    this.maxNumSeqs = b.maxNumSeqs != null ? b.maxNumSeqs : profile.maxNumSeqs();
    this.maxNumBatchedTokens = b.maxNumBatchedTokens != null ? b.maxNumBatchedTokens : profile.maxNumBatchedTokens();
    this.kvCacheTokens = b.kvCacheTokens != null ? b.kvCacheTokens : profile.kvCacheTokens();
    this.maxModelLen = b.maxModelLen != null ? b.maxModelLen : profile.maxModelLen();
    this.port = b.port;
    this.stallSeconds = b.stallSeconds;
    this.meanOutputTokens = b.meanOutputTokens;
    this.messageOverheadTokens = b.messageOverheadTokens;
    this.retryAfterSeconds = b.retryAfterSeconds;
    this.gpus = b.gpus;
    this.gpuIdleW = b.gpuIdleW;
    this.gpuWattsPerSeq = b.gpuWattsPerSeq;
    this.gpuMaxW = b.gpuMaxW;
    this.gpuEnergyCounter = b.gpuEnergyCounter;
    check(model != null && !model.isBlank(), "sim.model", "must not be blank", model, "Qwen/Qwen3-Next-80B-A3B-Instruct");
    check(ttftMs >= 0 && Double.isFinite(ttftMs), "sim.ttftMs", "must be a finite number >= 0", ttftMs, "50");
    check(itlMs >= 0 && Double.isFinite(itlMs), "sim.itlMs", "must be a finite number >= 0", itlMs, "10");
    check(reasoningTokens >= 0, "sim.reasoningTokens", "must be >= 0", reasoningTokens, "0");
    check(maxNumSeqs >= 1, "sim.maxNumSeqs", "must be >= 1", maxNumSeqs, "256");
    check(maxNumBatchedTokens >= 1, "sim.maxNumBatchedTokens", "must be >= 1", maxNumBatchedTokens, "8192");
    check(kvCacheTokens >= KvCache.BLOCK_SIZE && kvCacheTokens / KvCache.BLOCK_SIZE <= Integer.MAX_VALUE,
        "sim.kvCacheTokens", "must be >= 16 and < 2^35", kvCacheTokens, "400000");
    check(maxModelLen >= 2, "sim.maxModelLen", "must be >= 2", maxModelLen, "131072");
    if (mode == SimMode.BATCHING && maxModelLen > kvCacheTokens) {
      throw new IllegalArgumentException("sim.maxModelLen: " + maxModelLen + " is larger than the KV cache (sim.kvCacheTokens="
          + kvCacheTokens + "), so one request could never fit (vLLM refuses to start too); fix it, e.g. -Dsim.maxModelLen="
          + kvCacheTokens);
    }
    check(port >= 0 && port <= 65535, "sim.port", "must be 0..65535 (0 = a free port)", port, "8000");
    check(stallSeconds >= 0 && Double.isFinite(stallSeconds), "sim.stallSeconds", "must be >= 0", stallSeconds, "3600");
    check(meanOutputTokens >= 1, "sim.meanOutputTokens", "must be >= 1", meanOutputTokens, "256");
    check(messageOverheadTokens >= 0, "sim.messageOverheadTokens", "must be >= 0", messageOverheadTokens, "0");
    check(retryAfterSeconds >= 0, "sim.retryAfterSeconds", "must be >= 0", retryAfterSeconds, "1");
    check(gpus >= 0 && gpus <= 64, "sim.gpus", "must be 0..64 (0 = no /dcgm/metrics)", gpus, "8");
    check(gpuIdleW >= 0 && Double.isFinite(gpuIdleW), "sim.gpuIdleW", "must be a finite number >= 0", gpuIdleW, "100");
    check(gpuWattsPerSeq >= 0 && Double.isFinite(gpuWattsPerSeq), "sim.gpuWattsPerSeq", "must be a finite number >= 0",
        gpuWattsPerSeq, "2");
    check(gpuMaxW >= gpuIdleW && Double.isFinite(gpuMaxW), "sim.gpuMaxW", "must be a finite number >= sim.gpuIdleW ("
        + Numbers.plain(gpuIdleW) + ")", gpuMaxW, "700");
  }

  private static void check(boolean ok, String property, String rule, Object value, String example) {
    if (!ok) {
      throw new IllegalArgumentException(property + ": " + rule + ", got '" + value + "'; fix it, e.g. -D"
          + property + "=" + example);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Reads {@code sim.*} system properties; unset ones take their defaults. */
  public static SimConfig fromSystemProperties() {
    return read(Settings.fromSystem());
  }

  /** Same as {@link #fromSystemProperties()} over a given property set (for tests). */
  public static SimConfig fromProperties(Properties properties) {
    Map<String, String> map = new TreeMap<>();
    properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
    return read(Settings.of(map));
  }

  /** Reads the {@code sim.*} settings; unset ones take their defaults. */
  public static SimConfig read(Settings s) {
    Builder b = builder();
    String v;
    if ((v = s.raw("sim.mode")) != null) b.mode(parseMode(v));
    if ((v = s.raw("sim.profile")) != null) b.profile(v.trim());
    if ((v = s.raw("sim.model")) != null) b.model(v.trim());
    if ((v = s.raw("sim.ttftMs")) != null) b.ttftMs(parseDouble("sim.ttftMs", v, "50"));
    if ((v = s.raw("sim.itlMs")) != null) b.itlMs(parseDouble("sim.itlMs", v, "10"));
    if ((v = s.raw("sim.seed")) != null) b.seed(parseLong("sim.seed", v, "42"));
    if ((v = s.raw("sim.apiKey")) != null) b.apiKey(v.trim());
    if ((v = s.raw("sim.reasoningTokens")) != null) b.reasoningTokens(parseInt("sim.reasoningTokens", v, "0"));
    if ((v = s.raw("sim.faults")) != null) b.faults(v);
    if ((v = s.raw("sim.maxNumSeqs")) != null) b.maxNumSeqs(parseInt("sim.maxNumSeqs", v, "256"));
    if ((v = s.raw("sim.maxNumBatchedTokens")) != null) b.maxNumBatchedTokens(parseInt("sim.maxNumBatchedTokens", v, "8192"));
    if ((v = s.raw("sim.kvCacheTokens")) != null) b.kvCacheTokens(parseLong("sim.kvCacheTokens", v, "400000"));
    if ((v = s.raw("sim.maxModelLen")) != null) b.maxModelLen(parseInt("sim.maxModelLen", v, "131072"));
    if ((v = s.raw("sim.port")) != null) b.port(parseInt("sim.port", v, "8000"));
    if ((v = s.raw("sim.stallSeconds")) != null) b.stallSeconds(parseDouble("sim.stallSeconds", v, "3600"));
    if ((v = s.raw("sim.meanOutputTokens")) != null) b.meanOutputTokens(parseInt("sim.meanOutputTokens", v, "256"));
    if ((v = s.raw("sim.messageOverheadTokens")) != null) b.messageOverheadTokens(parseInt("sim.messageOverheadTokens", v, "0"));
    if ((v = s.raw("sim.retryAfterSeconds")) != null) b.retryAfterSeconds(parseInt("sim.retryAfterSeconds", v, "1"));
    if ((v = s.raw("sim.gpus")) != null) b.gpus(parseInt("sim.gpus", v, "8"));
    if ((v = s.raw("sim.gpuIdleW")) != null) b.gpuIdleW(parseDouble("sim.gpuIdleW", v, "100"));
    if ((v = s.raw("sim.gpuWattsPerSeq")) != null) b.gpuWattsPerSeq(parseDouble("sim.gpuWattsPerSeq", v, "2"));
    if ((v = s.raw("sim.gpuMaxW")) != null) b.gpuMaxW(parseDouble("sim.gpuMaxW", v, "700"));
    if ((v = s.raw("sim.gpuEnergyCounter")) != null) b.gpuEnergyCounter(parseBool("sim.gpuEnergyCounter", v));
    return b.build();
  }

  static SimMode parseMode(String v) {
    try {
      return SimMode.valueOf(v.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sim.mode: must be 'fixed' or 'batching', got '" + v
          + "'; fix it, e.g. -Dsim.mode=batching");
    }
  }

  private static double parseDouble(String prop, String v, String example) {
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(prop + ": not a number, got '" + v + "'; fix it, e.g. -D" + prop + "=" + example);
    }
  }

  private static boolean parseBool(String prop, String v) {
    String t = v.trim();
    if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(t);
    }
    throw new IllegalArgumentException(prop + ": must be true or false, got '" + v + "'; fix it, e.g. -D" + prop + "=true");
  }

  private static int parseInt(String prop, String v, String example) {
    try {
      return Integer.parseInt(v.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(prop + ": not an integer, got '" + v + "'; fix it, e.g. -D" + prop + "=" + example);
    }
  }

  private static long parseLong(String prop, String v, String example) {
    try {
      return Long.parseLong(v.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(prop + ": not an integer, got '" + v + "'; fix it, e.g. -D" + prop + "=" + example);
    }
  }

  /** One line for reports; never contains the API key. */
  public String describe() {
    StringBuilder s = new StringBuilder();
    if (mode == SimMode.FIXED) {
      s.append("fixed, ttft ").append(Numbers.plain(ttftMs)).append(" ms, itl ").append(Numbers.plain(itlMs)).append(" ms");
    } else {
      s.append("batching, profile ").append(profile.name()).append(", max_num_seqs ").append(maxNumSeqs)
          .append(", max_num_batched_tokens ").append(maxNumBatchedTokens)
          .append(", kv_cache_tokens ").append(kvCacheTokens);
    }
    s.append(", model ").append(model).append(", max_model_len ").append(maxModelLen).append(", seed ").append(seed);
    if (reasoningTokens > 0) s.append(", reasoning_tokens ").append(reasoningTokens);
    if (!faults.isEmpty()) s.append(", faults ").append(faults);
    if (apiKey != null) s.append(", api key required");
    return s.toString();
  }

  @Override
  public String toString() {
    return describe();
  }

  public SimMode mode() { return mode; }
  public Profile profile() { return profile; }
  public String model() { return model; }
  public double ttftMs() { return ttftMs; }
  public double itlMs() { return itlMs; }
  public long seed() { return seed; }
  /** The API key, or null when none is required. Never log it. */
  public String apiKey() { return apiKey; }
  public int reasoningTokens() { return reasoningTokens; }
  public FaultSpec faults() { return faults; }
  public int maxNumSeqs() { return maxNumSeqs; }
  public int maxNumBatchedTokens() { return maxNumBatchedTokens; }
  public long kvCacheTokens() { return kvCacheTokens; }
  public int maxModelLen() { return maxModelLen; }
  public int port() { return port; }
  public double stallSeconds() { return stallSeconds; }
  public int meanOutputTokens() { return meanOutputTokens; }
  public int messageOverheadTokens() { return messageOverheadTokens; }
  public int retryAfterSeconds() { return retryAfterSeconds; }
  /** Simulated GPUs behind GET /dcgm/metrics (0: none). */
  public int gpus() { return gpus; }
  public double gpuIdleW() { return gpuIdleW; }
  public double gpuWattsPerSeq() { return gpuWattsPerSeq; }
  public double gpuMaxW() { return gpuMaxW; }
  /** Whether /dcgm/metrics has DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION (false: power only, as on GPUs without it). */
  public boolean gpuEnergyCounter() { return gpuEnergyCounter; }

  /** A builder starting from the same defaults as {@link #fromSystemProperties()} with no properties set. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.mode = mode; b.profile = profile.name(); b.model = model; b.ttftMs = ttftMs; b.itlMs = itlMs; b.seed = seed;
    b.apiKey = apiKey; b.reasoningTokens = reasoningTokens; b.faults = faults.toString(); b.maxNumSeqs = maxNumSeqs;
    b.maxNumBatchedTokens = maxNumBatchedTokens; b.kvCacheTokens = kvCacheTokens; b.maxModelLen = maxModelLen;
    b.port = port; b.stallSeconds = stallSeconds; b.meanOutputTokens = meanOutputTokens;
    b.messageOverheadTokens = messageOverheadTokens; b.retryAfterSeconds = retryAfterSeconds;
    b.gpus = gpus; b.gpuIdleW = gpuIdleW; b.gpuWattsPerSeq = gpuWattsPerSeq; b.gpuMaxW = gpuMaxW;
    b.gpuEnergyCounter = gpuEnergyCounter;
    return b;
  }

  public static final class Builder {
    private SimMode mode = SimMode.BATCHING;
    private String profile = Profile.DEFAULT;
    private String model;
    private Double ttftMs;
    private Double itlMs;
    private long seed = DEFAULT_SEED;
    private String apiKey;
    private int reasoningTokens;
    private String faults = "";
    private Integer maxNumSeqs;
    private Integer maxNumBatchedTokens;
    private Long kvCacheTokens;
    private Integer maxModelLen;
    private int port;
    private double stallSeconds = 3600;
    private int meanOutputTokens = 256;
    private int messageOverheadTokens;
    private int retryAfterSeconds = 1;
    private int gpus = 1;
    private double gpuIdleW = 100;
    private double gpuWattsPerSeq = 2;
    private double gpuMaxW = 700;
    private boolean gpuEnergyCounter = true;

    private Builder() {}

    public Builder mode(SimMode v) { this.mode = java.util.Objects.requireNonNull(v, "sim.mode"); return this; }
    public Builder profile(String v) { this.profile = java.util.Objects.requireNonNull(v, "sim.profile"); return this; }
    public Builder model(String v) { this.model = v; return this; }
    public Builder ttftMs(double v) { this.ttftMs = v; return this; }
    public Builder itlMs(double v) { this.itlMs = v; return this; }
    public Builder seed(long v) { this.seed = v; return this; }
    public Builder apiKey(String v) { this.apiKey = v; return this; }
    public Builder reasoningTokens(int v) { this.reasoningTokens = v; return this; }
    public Builder faults(String spec) { this.faults = spec == null ? "" : spec; return this; }
    public Builder maxNumSeqs(int v) { this.maxNumSeqs = v; return this; }
    public Builder maxNumBatchedTokens(int v) { this.maxNumBatchedTokens = v; return this; }
    public Builder kvCacheTokens(long v) { this.kvCacheTokens = v; return this; }
    public Builder maxModelLen(int v) { this.maxModelLen = v; return this; }
    /** 0 = a free port chosen at start. */
    public Builder port(int v) { this.port = v; return this; }
    public Builder stallSeconds(double v) { this.stallSeconds = v; return this; }
    /** Mean of the seeded geometric output length when a request does not force its length. */
    public Builder meanOutputTokens(int v) { this.meanOutputTokens = v; return this; }
    /** Tokens added per chat message to emulate a chat template (0 = plain content count). */
    public Builder messageOverheadTokens(int v) { this.messageOverheadTokens = v; return this; }
    public Builder retryAfterSeconds(int v) { this.retryAfterSeconds = v; return this; }
    public Builder gpus(int v) { this.gpus = v; return this; }
    public Builder gpuIdleW(double v) { this.gpuIdleW = v; return this; }
    public Builder gpuWattsPerSeq(double v) { this.gpuWattsPerSeq = v; return this; }
    public Builder gpuMaxW(double v) { this.gpuMaxW = v; return this; }
    public Builder gpuEnergyCounter(boolean v) { this.gpuEnergyCounter = v; return this; }

    public SimConfig build() {
      return new SimConfig(this);
    }
  }
}
