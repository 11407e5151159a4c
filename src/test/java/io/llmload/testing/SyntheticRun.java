package io.llmload.testing;

import io.llmload.run.RunFiles;
import io.llmload.compare.RunData;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a synthetic archived run folder (llm-summary.json, llm-calls.csv, llm-itl.csv in the
 * data-path formats) from a seeded random model of a streaming LLM server, so tests know the truth:
 * TTFT is log-normal (median {@link #ttftMedianMs} × {@link #ttftFactor}), each call decodes at its own
 * base gap (log-normal around 20 ms × {@link #itlFactor}) with per-token jitter.
 */
public final class SyntheticRun {
  String label = "run";
  long seed = 1;
  int calls = 2000;
  double agentShare = 0.3;
  double ttftMedianMs = 400;
  double ttftFactor = 1.0;
  double itlFactor = 1.0;
  double errorRate = 0.02;
  int singleOutMin = 300;
  int singleOutMax = 500;
  int agentOutMin = 60;
  int agentOutMax = 200;
  double durationS = 120;
  String model = "test-model";
  final Map<String, String> config = new LinkedHashMap<>();

  public SyntheticRun() {
    config.put("llm.users", "50");
    config.put("llm.injection", "OPEN");
    config.put("llm.rampSeconds", "20");
    config.put("llm.holdSeconds", "60");
    config.put("llm.agentMix", "0.3");
    config.put("llm.input.min", "7000");
    config.put("llm.input.max", "10000");
    config.put("llm.output.min", "300");
    config.put("llm.output.max", "500");
    config.put("llm.agent.input", "800-1500,1500-2500,1200-2200,2000-3000,2500-4000");
    config.put("llm.agent.output", "300-700,300-800,400-900,600-1200,1200-2200");
    config.put("llm.thinkMinSeconds", "0.2");
    config.put("llm.thinkMaxSeconds", "1.2");
    config.put("llm.agentChain", "false");
    config.put("llm.endpoint", "CHAT");
    config.put("llm.forceOutputLength", "true");
    config.put("llm.sharedPrefixTokens", "0");
    config.put("llm.encoding", "cl100k_base");
    config.put("llm.seed", "42");
    config.put("llm.label", "x");
    config.put("llm.baseUrl", "http://127.0.0.1:1");
  }

  public SyntheticRun label(String v) {
    label = v;
    return this;
  }

  public SyntheticRun seed(long v) {
    seed = v;
    return this;
  }

  public SyntheticRun calls(int v) {
    calls = v;
    return this;
  }

  public SyntheticRun ttftFactor(double v) {
    ttftFactor = v;
    return this;
  }

  public SyntheticRun itlFactor(double v) {
    itlFactor = v;
    return this;
  }

  public SyntheticRun errorRate(double v) {
    errorRate = v;
    return this;
  }

  public SyntheticRun set(String key, String value) {
    config.put(key, value);
    return this;
  }

  public SyntheticRun model(String v) {
    model = v;
    return this;
  }

  public Path write(Path parent) throws IOException {
    Path dir = parent.resolve(label);
    Files.createDirectories(dir);
    SplittableRandom rnd = new SplittableRandom(seed);
    long runStart = 1_700_000_000_000L;
    StringBuilder json = new StringBuilder();
    json.append("{\"schema\":1,\"run\":{\"label\":\"").append(label).append("\",\"duration_s\":").append(durationS)
        .append(",\"target\":{\"kind\":\"simulator\",\"model\":\"").append(model).append("\"}},\"config\":{");
    boolean first = true;
    for (Map.Entry<String, String> e : config.entrySet()) {
      json.append(first ? "" : ",").append('"').append(e.getKey()).append("\":\"").append(e.getValue()).append('"');
      first = false;
    }
    json.append("},\"groups\":{}}");
    Files.writeString(dir.resolve(RunFiles.SUMMARY), json.toString());
    try (BufferedWriter callsOut = Files.newBufferedWriter(dir.resolve(RunFiles.CALLS), StandardCharsets.UTF_8);
         BufferedWriter itlOut = Files.newBufferedWriter(dir.resolve(RunFiles.ITL), StandardCharsets.UTF_8)) {
      callsOut.write("call_id,scenario,user,step,step_name,group_tag,start_ms,input_tokens,usage_prompt_tokens,"
          + "requested_output_tokens,output_tokens,usage_output_tokens,counted_output_tokens,token_events,ttft_ms,"
          + "ttfo_ms,e2e_ms,tpot_ms,output_tokens_per_s,itl_p50_ms,itl_p99_ms,itl_max_ms,http_status,finish_reason,"
          + "ok,error\r\n");
      itlOut.write("call_id,gaps_ms\r\n");
      StringBuilder gapsText = new StringBuilder();
      for (int id = 1; id <= calls; id++) {
        boolean agent = rnd.nextDouble() < agentShare;
        int step = agent ? 1 + rnd.nextInt(5) : 0;
        String stepName = agent ? new String[] {"plan", "retrieve", "reason", "synthesize", "finalize"}[step - 1] : "heavy";
        long start = runStart + (long) (rnd.nextDouble() * durationS * 0.85 * 1000);
        int out = agent ? agentOutMin + rnd.nextInt(agentOutMax - agentOutMin + 1)
            : singleOutMin + rnd.nextInt(singleOutMax - singleOutMin + 1);
        boolean ok = rnd.nextDouble() >= errorRate;
        // always consume the same random numbers so runs differing only in a factor stay aligned
        double ttftNoise = gaussian(rnd);
        double base = 20 * Math.exp(0.2 * gaussian(rnd)) * itlFactor;
        long ttft = Math.max(1, Math.round(ttftMedianMs * Math.exp(0.5 * ttftNoise) * ttftFactor));
        long ttfo = ttft + rnd.nextInt(15);
        gapsText.setLength(0);
        long decode = 0;
        for (int k = 0; k < out - 1; k++) {
          long gap = Math.max(1, Math.round(base * Math.exp(0.3 * gaussian(rnd))));
          decode += gap;
          if (k > 0) {
            gapsText.append(' ');
          }
          gapsText.append(gap);
        }
        String scenario = agent ? "agent" : "single";
        if (ok) {
          long e2e = ttft + decode;
          double tpot = out >= 2 ? (double) (e2e - ttft) / (out - 1) : Double.NaN;
          double tps = e2e > ttft ? out * 1000.0 / (e2e - ttft) : Double.NaN;
          callsOut.write(String.format(Locale.ROOT, "%d,%s,%d,%d,%s,,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%.3f,%.3f,,,,200,length,true,\r\n",
              id, scenario, id % 50, step, stepName, start, 8000, 8000, out, out, out, out, out, ttft, ttfo, e2e, tpot, tps));
          itlOut.write(id + "," + gapsText + "\r\n");
        } else {
          callsOut.write(String.format(Locale.ROOT, "%d,%s,%d,%d,%s,,%d,8000,,%d,0,,0,0,,,,,,,,,500,,false,\"HTTP 500: \"\"boom\"\", retry\"\r\n",
              id, scenario, id % 50, step, stepName, start, out));
        }
      }
    }
    return dir;
  }

  /** Standard normal via Box-Muller (SplittableRandom has no nextGaussian on Java 17). */
  private static double gaussian(SplittableRandom rnd) {
    double u = 1 - rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
