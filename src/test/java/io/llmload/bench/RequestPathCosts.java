package io.llmload.bench;

import io.llmload.config.LlmConfig;
import io.llmload.config.Settings;
import io.llmload.workload.AgentHistory;
import io.llmload.workload.RequestBodies;
import io.llmload.workload.prompt.PromptFactory;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * What the steps of a heavy call's request path cost on this machine, each alone (thread CPU, so other
 * processes on a shared box do not count): building a 7k-10k-token prompt and its JSON body (done before the
 * start stamp, in LlmChains.prepare) and encoding the body into a buffer (done by Gatling at the write, inside
 * the send delay), cold (the first call in a fresh JVM) and warm (after 300 calls, median of 51).
 *
 * <pre>./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.llmload.bench.RequestPathCosts</pre>
 */
public final class RequestPathCosts {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private RequestPathCosts() {
  }

  public static void main(String[] args) {
    LlmConfig config = LlmConfig.read(Settings.of(Map.of()), LlmConfig.Defaults.SEED);
    RequestBodies bodies = new RequestBodies(config, "model");
    PromptFactory prompts = new PromptFactory(PromptFactory.DEFAULT_ENCODING, 42, 0);
    String[] built = new String[1];
    report("prompt of 8,500 tokens (jtokkit-exact text)", i -> built[0] = prompts.build(i, 8500));
    String prompt = built[0];
    report("JSON body of that prompt (Jackson)", i -> built[0] = bodies.body(prompt, 5000, new AgentHistory()));
    String body = built[0];
    System.out.printf(Locale.ROOT, "  (body: %,d bytes)%n", body.getBytes(StandardCharsets.UTF_8).length);
    report("body encoded to UTF-8 bytes (String.getBytes)", i -> built[0] = body.getBytes(StandardCharsets.UTF_8).length > 0 ? "" : null);
    report("body written into a pooled Netty buffer (ByteBufUtil.writeUtf8)", i -> {
      ByteBuf buf = ByteBufUtil.writeUtf8(PooledByteBufAllocator.DEFAULT, body);
      buf.release();
    });
    System.exit(0);
  }

  /** Prints the first call's thread CPU and the median of 51 after 300 more. */
  private static void report(String what, IntConsumer step) {
    long t0 = THREADS.getCurrentThreadCpuTime();
    step.accept(0);
    double cold = (THREADS.getCurrentThreadCpuTime() - t0) / 1e6;
    for (int i = 1; i <= 300; i++) {
      step.accept(i);
    }
    double[] warm = new double[51];
    for (int i = 0; i < warm.length; i++) {
      long s = THREADS.getCurrentThreadCpuTime();
      step.accept(3000 + i);
      warm[i] = (THREADS.getCurrentThreadCpuTime() - s) / 1e6;
    }
    Arrays.sort(warm);
    System.out.printf(Locale.ROOT, "%-70s cold %8.3f ms   warm p50 %7.3f ms%n", what, cold, warm[25]);
  }
}
