package io.llmload.sim;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * BATCHING mode: one engine thread runs {@link BatchScheduler} steps on absolute times. Step k+1 is planned to
 * start when step k is planned to end; if the thread wakes late, the lateness is recorded and the following
 * steps run back to back until the engine has caught up, so the engine clock never runs slower than real time.
 * At the end of a step its tokens are handed to the generations' event loops (one task per loop per step).
 * The event loops only enqueue commands; nothing here ever blocks Netty.
 */
final class BatchingTokenSource implements TokenSource {
  private static final Logger LOG = Logger.getLogger(BatchingTokenSource.class.getName());

  private final BatchScheduler scheduler;
  private final EngineClock clock;
  private final ConcurrentLinkedQueue<Object[]> commands = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean stopped;
  private volatile int running;
  private volatile int waiting;
  private volatile double kvUsage;
  private volatile SimMetrics metrics;
  private volatile GpuPower power;
  /** How late the engine thread woke up for a step end, microseconds. */
  final ConcurrentHistogram stepLatenessMicros = new ConcurrentHistogram(3);

  BatchingTokenSource(SimConfig cfg, EngineClock clock) {
    this.scheduler = BatchScheduler.of(cfg);
    this.clock = clock;
    this.thread = new Thread(this::run, "sim-engine");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  void bind(SimMetrics m) {
    this.metrics = m;
  }

  void bind(GpuPower p) {
    this.power = p;
  }

  @Override
  public void start(Generation g) {
    commands.add(new Object[] {"add", g});
    LockSupport.unpark(thread);
  }

  @Override
  public void release(Generation g) {
    commands.add(new Object[] {"abort", g});
    LockSupport.unpark(thread);
  }

  private void run() {
    Map<Generation, SeqRequest> byGen = new IdentityHashMap<>();
    long nextStart = -1;
    long preemptionsSeen = 0;
    long queriesSeen = 0;
    long hitsSeen = 0;
    try {
      while (!stopped) {
        Object[] cmd;
        while ((cmd = commands.poll()) != null) {
          Generation g = (Generation) cmd[1];
          if (cmd[0].equals("add")) {
            SeqRequest r = new SeqRequest(g.promptTokenIds(), g.plannedTokens(), g);
            byGen.put(g, r);
            scheduler.add(r);
          } else {
            SeqRequest r = byGen.remove(g);
            if (r != null) scheduler.abort(r);
          }
        }
        publishGauges();
        if (!scheduler.hasWork()) {
          nextStart = -1;
          LockSupport.park(this);
          continue;
        }
        long now = clock.nanoTime();
        long start = nextStart < 0 ? now : nextStart;
        BatchScheduler.StepResult step = scheduler.step();
        for (SeqRequest r : step.firstScheduled) ((Generation) r.owner).markScheduled(Math.max(start, ((Generation) r.owner).arrivalNanos()));
        long end = start + step.durationNanos;
        clock.sleepUntil(end);
        stepLatenessMicros.recordValue(Math.max(0, (clock.nanoTime() - end) / 1000));
        deliver(step.emitted, end, byGen);
        nextStart = end;
        SimMetrics m = metrics;
        if (m != null) {
          m.preemptions.addAndGet(scheduler.preemptionsTotal - preemptionsSeen);
          m.prefixCacheQueries.add(scheduler.prefixQueriesTotal - queriesSeen);
          m.prefixCacheHits.add(scheduler.prefixHitsTotal - hitsSeen);
        }
        preemptionsSeen = scheduler.preemptionsTotal;
        queriesSeen = scheduler.prefixQueriesTotal;
        hitsSeen = scheduler.prefixHitsTotal;
      }
    } catch (RuntimeException | Error e) {
      LOG.severe("engine thread died: " + e);
      throw e;
    }
  }

  private void publishGauges() {
    running = scheduler.running();
    GpuPower p = power;
    if (p != null) p.set(running);
    waiting = scheduler.waiting();
    kvUsage = scheduler.kvUsage();
  }

  private static void deliver(List<SeqRequest> emitted, long due, Map<Generation, SeqRequest> byGen) {
    if (emitted.isEmpty()) return;
    Map<EventLoop, List<Generation>> perLoop = new IdentityHashMap<>();
    for (SeqRequest r : emitted) {
      Generation g = (Generation) r.owner;
      if (r.finished) byGen.remove(g);
      perLoop.computeIfAbsent(g.eventLoop(), k -> new ArrayList<>()).add(g);
    }
    perLoop.forEach((loop, gens) -> loop.execute(() -> {
      for (Generation g : gens) g.tokenDue(due);
    }));
  }

  @Override
  public int running() {
    return running;
  }

  @Override
  public int waiting() {
    return waiting;
  }

  @Override
  public double kvCacheUsage() {
    return kvUsage;
  }

  @Override
  public void close() {
    stopped = true;
    LockSupport.unpark(thread);
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
