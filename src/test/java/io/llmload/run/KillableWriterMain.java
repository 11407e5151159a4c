package io.llmload.run;

import io.llmload.metrics.CallResult;
import io.llmload.metrics.SloPolicy;
import io.llmload.workload.CallSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of {@link KillDuringWriteTest}: writes a run's files through the real writers until it is
 * killed (or 60 s pass). {@code loop}: llm-calls.csv / llm-itl.csv rows with long error messages, and a
 * large llm-summary.json and run.json, over and over. {@code block}: writes the summary once, then starts
 * writing it again and stops in the middle (a section whose serialization blocks), printing "mid-write".
 */
public final class KillableWriterMain {
  private static final long LIFETIME_MS = 60_000;

  private KillableWriterMain() {
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long deadline = System.currentTimeMillis() + LIFETIME_MS;
    Semaphore backlog = new Semaphore(50);
    RunRecorder recorder = new RunRecorder(dir, String::length, SloPolicy.none());
    recorder.addListener((call, good) -> backlog.release());
    Map<String, String> config = new LinkedHashMap<>();
    for (int i = 0; i < 40_000; i++) {
      config.put("llm.key" + i, "value number " + i + " of a large configuration");
    }
    RunDescription description = new RunDescription("kill", "KillSimulation", Instant.parse("2026-01-01T00:00:00Z"),
        Instant.parse("2026-01-01T00:01:00Z"), "http://127.0.0.1:1", "simulator", "fast", "m", "0", "1", "3",
        config);
    if (args[1].equals("block")) {
      RunSummary summary = RunSummary.of(description, recorder);
      summary.write(dir);
      System.out.println("previous written");
      summary.put("zz_block", new Blocker());
      summary.write(dir);
      return;
    }
    for (long i = 1; System.currentTimeMillis() < deadline; i++) {
      if (!backlog.tryAcquire(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the recorder wrote nothing for 30 s");
      }
      String error = i % 3 == 0 ? null : "HTTP 500: \"" + "server said no, ".repeat(1 + (int) (i % 2000)) + "\"";
      recorder.record(new CallResult(new CallSpec(i, "single", 1, 0, "heavy", null, 100, 10), 1_700_000_000_000L + i,
          100, 10, 10, 10, 50L, 50L, 500L, new int[] {40, 50, 60, 70}, error == null ? 200 : 500, "length",
          error == null, error, "text", "text", "chatcmpl-" + i), null);
      if (i % 25 == 0) {
        RunSummary.of(description, recorder).write(dir);
        RunInfo.write(dir, config);
        System.out.println("written " + i);
      }
    }
  }

  /** A value whose serialization stops the writer halfway through the file. */
  public static final class Blocker {
    public String getValue() throws InterruptedException {
      System.out.println("mid-write");
      System.out.flush();
      new CountDownLatch(1).await(LIFETIME_MS, TimeUnit.MILLISECONDS);
      return "never written";
    }
  }
}
