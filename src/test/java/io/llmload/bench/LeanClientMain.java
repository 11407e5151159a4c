package io.llmload.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The lean reference client in its own JVM (so its whole process CPU is its own, as the suite's is in
 * SuiteRunMain): {@code lean.users} heavy calls at even arrivals over {@code lean.spreadSeconds}, prompts of
 * {@code lean.input.min}-{@code lean.input.max} words, outputs of {@code lean.output.min}-{@code lean.output.max}
 * tokens (seed {@code lean.seed}), after {@code lean.warmConcurrent} small calls at once. Arguments: base URL,
 * model, calls CSV, CPU file (user + system CPU seconds of this JVM at the end).
 */
final class LeanClientMain {
  private LeanClientMain() {
  }

  public static void main(String[] args) throws Exception {
    LeanClient client = new LeanClient(args[0], args[1]);
    int users = Integer.getInteger("lean.users", 20);
    Random random = new Random(Long.getLong("lean.seed", 42));
    int inMin = Integer.getInteger("lean.input.min", 7000);
    int inMax = Integer.getInteger("lean.input.max", 10000);
    int outMin = Integer.getInteger("lean.output.min", 1000);
    int outMax = Integer.getInteger("lean.output.max", 1200);
    double timeout = Double.parseDouble(System.getProperty("lean.timeoutSeconds", "120"));
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      bodies.add(client.body(inMin + random.nextInt(inMax - inMin + 1), outMin + random.nextInt(outMax - outMin + 1), random));
    }
    int warm = Integer.getInteger("lean.warmConcurrent", users);
    if (warm > 0) {
      client.warm(warm, timeout);
    }
    List<LeanClient.Call> calls;
    try {
      calls = client.run(bodies, Double.parseDouble(System.getProperty("lean.spreadSeconds", "10")), timeout);
      LeanClient.write(calls, Path.of(args[2]));
    } finally {
      Files.writeString(Path.of(args[3]), String.format(Locale.ROOT, "%.3f%n", ProcCpu.self()));
    }
    System.exit(calls.stream().allMatch(LeanClient.Call::ok) ? 0 : 1);
  }
}
