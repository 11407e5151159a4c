package io.llmload.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Samples, every period, this JVM's CPU time (the client's), the server's CPU time, the client's heap in use
 * and its heap after the latest GC, on the wall clock Gatling stamps calls with, so CPU can be charged to any
 * window of the run afterwards.
 */
final class ClientSampler implements AutoCloseable {
  record Sample(long epochMs, double clientCpuS, double serverCpuS, long heapUsed, long heapAfterGc, double jitS) {
  }

  private final List<Sample> samples = new ArrayList<>();
  private final DoubleSupplier serverCpu;
  private final Thread thread;
  private volatile boolean running = true;

  ClientSampler(DoubleSupplier serverCpu, long periodMs) {
    this.serverCpu = serverCpu;
    this.thread = new Thread(() -> {
      while (running) {
        sample();
        try {
          Thread.sleep(periodMs); // a sampling period, not synchronization
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "bench-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void sample() {
    long used = 0;
    long afterGc = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        used += pool.getUsage().getUsed();
        var collected = pool.getCollectionUsage();
        afterGc += collected == null ? 0 : collected.getUsed();
      }
    }
    var jit = ManagementFactory.getCompilationMXBean();
    Sample s = new Sample(System.currentTimeMillis(), ProcCpu.self(), serverCpu.getAsDouble(), used, afterGc,
        jit == null ? 0 : jit.getTotalCompilationTime() / 1e3);
    synchronized (samples) {
      samples.add(s);
    }
  }

  List<Sample> samples() {
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  /** Client CPU seconds between two epoch-ms instants, linearly interpolated between samples. */
  double clientCpu(long fromMs, long toMs) {
    return at(toMs, Sample::clientCpuS) - at(fromMs, Sample::clientCpuS);
  }

  double serverCpu(long fromMs, long toMs) {
    return at(toMs, Sample::serverCpuS) - at(fromMs, Sample::serverCpuS);
  }

  /** Seconds the JIT compilers spent compiling between two instants (compiler threads: CPU, not the load's). */
  double jit(long fromMs, long toMs) {
    return at(toMs, Sample::jitS) - at(fromMs, Sample::jitS);
  }

  private double at(long ms, java.util.function.ToDoubleFunction<Sample> value) {
    List<Sample> all = samples();
    Sample before = all.get(0);
    for (Sample s : all) {
      if (s.epochMs() >= ms) {
        if (s.epochMs() == before.epochMs()) {
          return value.applyAsDouble(s);
        }
        double f = (ms - before.epochMs()) / (double) (s.epochMs() - before.epochMs());
        return value.applyAsDouble(before) + Math.max(0, Math.min(1, f)) * (value.applyAsDouble(s) - value.applyAsDouble(before));
      }
      before = s;
    }
    return value.applyAsDouble(before);
  }

  long peakHeapUsed() {
    return samples().stream().mapToLong(Sample::heapUsed).max().orElse(0);
  }

  long maxHeapAfterGc() {
    return samples().stream().mapToLong(Sample::heapAfterGc).max().orElse(0);
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sample();
  }
}
