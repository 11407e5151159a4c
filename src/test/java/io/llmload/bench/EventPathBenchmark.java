package io.llmload.bench;

import io.llmload.stream.CallMeter;
import io.llmload.stream.ChunkParser;
import io.llmload.stream.ChunkParserAccess;
import io.llmload.stream.SseMessage;
import io.llmload.workload.CallSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * CPU cost of the suite's own per-event work on Gatling's event loop, without Gatling or the network: undo
 * Gatling's rendering (SseMessage), read the chunk (ChunkParser), measure it (CallMeter). Thread CPU time, so
 * a busy machine slows it less than wall time would; the load benchmark gives the whole client's cost.
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.llmload.bench.EventPathBenchmark
 * </pre>
 */
public final class EventPathBenchmark {
  private EventPathBenchmark() {
  }

  public static void main(String[] args) {
    int events = Integer.getInteger("bench.events", 2_000_000);
    String rendered = "{\"event\":\"\",\"id\":\"\",\"data\":{\"id\":\"chatcmpl-5f1c0a7e9b2d4c3a8e6f1b0d2c4a6e8f\","
        + "\"object\":\"chat.completion.chunk\",\"created\":1764200000,\"model\":\"Qwen/Qwen3-Next-80B-A3B-Instruct\","
        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\" governance\"},\"logprobs\":null,\"finish_reason\":null}]}}";
    String payload = SseMessage.payload(rendered);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 3; round++) {
      long t0 = mx.getCurrentThreadCpuTime();
      long sink = 0;
      for (int i = 0; i < events; i++) {
        sink += SseMessage.payload(rendered).length();
      }
      long t1 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < events; i++) {
        sink += ChunkParser.parse(payload).content().length();
      }
      long t2 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < events / 4; i++) {
        sink += ChunkParserAccess.tree(payload).content().length();
      }
      long t3 = mx.getCurrentThreadCpuTime();
      CallMeter meter = null;
      for (int i = 0; i < events; i++) {
        if (i % 1000 == 0) {
          meter = new CallMeter(new CallSpec(i, "heavy", 1, 0, "heavy", null, 100, 1000), 0, false, 60_000, 3_600_000, 10_000);
        }
        meter.onMessage(i, rendered);
      }
      long t4 = mx.getCurrentThreadCpuTime();
      System.out.printf(Locale.ROOT, "round %d: SseMessage.payload %.2f us, ChunkParser.parse (streaming) %.2f us, tree path %.2f us,"
          + " CallMeter.onMessage (all three) %.2f us per event (sink %d)%n", round, (t1 - t0) / 1e3 / events,
          (t2 - t1) / 1e3 / events, (t3 - t2) / 1e3 / (events / 4.0), (t4 - t3) / 1e3 / events, sink);
    }
  }
}
