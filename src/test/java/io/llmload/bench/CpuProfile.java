package io.llmload.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the client's CPU goes: a JDK Flight Recorder execution-sample profile (every 10 ms per running Java
 * thread) of this JVM, each sample charged to one concern by the first frame, from the top of its stack, that
 * belongs to a known library or to the suite; JDK frames (String, HashMap, …) are charged to their caller.
 * GC and JIT threads are not sampled by JFR; their CPU is the process total minus the Java threads'.
 */
final class CpuProfile implements AutoCloseable {
  /** Concern → class-name prefixes, in the order they are tried on each frame. */
  static final Map<String, List<String>> CONCERNS = concerns();

  private final Recording recording;
  private final Path file;

  private static Map<String, List<String>> concerns() {
    Map<String, List<String>> c = new LinkedHashMap<>();
    c.put("JSON parsing (Jackson, ChunkParser)", List.of("com.fasterxml.jackson.", "io.llmload.stream.ChunkParser"));
    c.put("SSE decoding and rendering (Gatling SSE, SseMessage)", List.of("io.gatling.http.action.sse.",
        "io.gatling.http.client.impl.SseStreamDecoder", "io.llmload.stream.SseMessage"));
    c.put("measurement (CallMeter, drain)", List.of("io.llmload.stream.", "io.llmload.gatling.LlmChains"));
    c.put("CSV and statistics (recorder thread)", List.of("io.llmload.metrics."));
    c.put("token counting (jtokkit)", List.of("com.knuddels.jtokkit."));
    c.put("prompt building", List.of("io.llmload.workload."));
    c.put("live monitor and client-health probe", List.of("io.llmload.gatling.RunMonitor", "io.llmload.gatling.ClientHealth",
        "io.llmload.servermetrics."));
    c.put("Netty I/O and HTTP codec", List.of("io.netty."));
    c.put("Gatling engine (actions, sessions, scheduling, stats)", List.of("io.gatling.", "scala.", "org.apache.pekko.", "akka."));
    c.put("other suite code", List.of("io.llmload."));
    return c;
  }

  private CpuProfile(Recording recording, Path file) {
    this.recording = recording;
    this.file = file;
  }

  static CpuProfile start(Path file) {
    try {
      Recording r = new Recording(Configuration.getConfiguration("profile"));
      r.setToDisk(true);
      r.setDestination(file);
      r.start();
      return new CpuProfile(r, file);
    } catch (IOException | ParseException e) {
      throw new IllegalStateException("cannot start JFR: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    recording.stop();
    recording.close();
  }

  /** Samples per concern within [fromMs, toMs], most first (the benchmark's own bench-* threads left out). */
  Map<String, Long> samplesByConcern(long fromMs, long toMs) {
    Map<String, Long> counts = new java.util.TreeMap<>(); // ties stay in name order
    forEachSample(fromMs, toMs, e -> {
      var thread = e.getThread("sampledThread");
      if (thread == null || thread.getJavaName() == null || !thread.getJavaName().startsWith("bench-")) {
        counts.merge(concern(e.getStackTrace() == null ? List.of() : e.getStackTrace().getFrames()), 1L, Long::sum);
      }
    });
    return mostFirst(counts, Integer.MAX_VALUE);
  }

  static String concern(List<RecordedFrame> frames) {
    for (RecordedFrame f : frames) {
      if (f.getMethod() == null) {
        continue;
      }
      String type = f.getMethod().getType().getName();
      String found = concernOf(type);
      if (found != null) {
        return found;
      }
    }
    return "JDK only (no library frame on the stack)";
  }

  static String concernOf(String className) {
    for (Map.Entry<String, List<String>> c : CONCERNS.entrySet()) {
      for (String prefix : c.getValue()) {
        if (className.startsWith(prefix)) {
          return c.getKey();
        }
      }
    }
    return null;
  }

  /** The top methods by samples in the window (the frame on top of each stack), for finding hot spots. */
  Map<String, Long> topMethods(long fromMs, long toMs, int limit) {
    Map<String, Long> counts = new java.util.HashMap<>();
    forEachSample(fromMs, toMs, e -> {
      var frames = e.getStackTrace() == null ? List.<RecordedFrame>of() : e.getStackTrace().getFrames();
      if (!frames.isEmpty() && frames.get(0).getMethod() != null) {
        var m = frames.get(0).getMethod();
        counts.merge(m.getType().getName() + "." + m.getName(), 1L, Long::sum);
      }
    });
    return mostFirst(counts, limit);
  }

  /** Every execution sample of the recording whose time falls within [fromMs, toMs]. */
  private void forEachSample(long fromMs, long toMs, java.util.function.Consumer<RecordedEvent> action) {
    try (RecordingFile in = new RecordingFile(file)) {
      while (in.hasMoreEvents()) {
        RecordedEvent e = in.readEvent();
        long t = e.getStartTime().toEpochMilli();
        if (e.getEventType().getName().equals("jdk.ExecutionSample") && t >= fromMs && t <= toMs) {
          action.accept(e);
        }
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static Map<String, Long> mostFirst(Map<String, Long> counts, int limit) {
    Map<String, Long> sorted = new LinkedHashMap<>();
    counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
        .forEach(en -> sorted.put(en.getKey(), en.getValue()));
    return sorted;
  }
}
