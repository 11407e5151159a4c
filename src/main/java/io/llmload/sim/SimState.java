package io.llmload.sim;

import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;

/** What every handler of one simulator instance shares. */
final class SimState {
  final SimConfig cfg;
  final TokenSource tokens;
  final SimMetrics metrics;
  final FaultLog faultLog = new FaultLog();
  final RequestLog requestLog = new RequestLog();
  final FaultPlanner faultPlanner;
  final RequestParser parser;
  final AtomicLong requestSeq = new AtomicLong();
  /** GET /v1/models answered (a client's probes and the connections it opens ahead of its calls). */
  final AtomicLong modelsRequests = new AtomicLong();
  /** The simulated GPUs' power, tied to the batch (GET /dcgm/metrics). */
  final GpuPower gpu;
  /** Send lateness (actual write - due time) in microseconds. */
  final ConcurrentHistogram sendLatenessMicros = new ConcurrentHistogram(3);

  SimState(SimConfig cfg, TokenSource tokens, SimMetrics metricsOrNull) {
    this.cfg = cfg;
    this.tokens = tokens;
    this.metrics = metricsOrNull != null ? metricsOrNull : new SimMetrics(cfg.model(), tokens);
    this.faultPlanner = new FaultPlanner(cfg.faults(), cfg.seed());
    this.parser = new RequestParser(cfg);
    this.gpu = new GpuPower(cfg, System::nanoTime);
  }

  long requestSeed(long seq) {
    return Vocabulary.mix(cfg.seed() ^ Vocabulary.mix(seq + 1));
  }
}
