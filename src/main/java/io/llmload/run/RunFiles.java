package io.llmload.run;

/** The names of the files in a run folder (formats in docs/data-path.md). */
public final class RunFiles {
  /** One row per finished call. */
  public static final String CALLS = "llm-calls.csv";
  /** Every inter-token gap of every ok call. */
  public static final String ITL = "llm-itl.csv";
  /** The run's figures per group, its description and configuration. */
  public static final String SUMMARY = "llm-summary.json";
  /** One row per scrape of each server's /metrics. */
  public static final String SERVER_METRICS = "server-metrics.csv";
  /** Every sample of every scrape, long form. */
  public static final String SERVER_METRICS_RAW = "server-metrics-raw.csv";
  /** One row per GPU per sample of its telemetry (dcgm-exporter scrapes or nvidia-smi lines), in the run window. */
  public static final String GPU = "llm-gpu.csv";
  /** Every sample of every dcgm-exporter scrape, long form. */
  public static final String GPU_RAW = "llm-gpu-raw.csv";
  /** What the run was: configuration without secrets, versions, host. */
  public static final String RUN_INFO = "run.json";
  /** A capacity sweep's levels and knee. */
  public static final String SWEEP_SUMMARY = "sweep-summary.json";
  /** A server matrix's run: the console of the server the matrix started for it (stdout and stderr). */
  public static final String SERVER_LOG = "server.log";
  /** Every client pause the run recorded (each event loop's) and the measured stamps it held. */
  public static final String CLIENT_PAUSES = "client-pauses.csv";
  /** The LLM report page. */
  public static final String REPORT = "llm-report.html";

  private RunFiles() {
  }
}
