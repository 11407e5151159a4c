package io.llmload.bench;

import io.llmload.config.DatasetConfig;
import io.llmload.workload.dataset.Conversation;
import io.llmload.workload.dataset.DatasetReader;
import io.llmload.workload.dataset.DatasetSampler;
import io.llmload.workload.dataset.SampledConversation;
import io.llmload.workload.prompt.PromptFactory;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What a large ShareGPT file costs before the load starts: a generated file of bench.conversations
 * conversations (2-8 messages of 20-400 words) is read whole and checked (DatasetReader), then
 * bench.sample conversations are sampled with the default filters (DatasetSampler, cl100k counts).
 * Prints the file size, the read and sampling times and the heap in use after a GC.
 */
public final class DatasetBenchmark {
  private DatasetBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int conversations = Integer.getInteger("bench.conversations", 20_000);
    int sample = Integer.getInteger("bench.sample", 1000);
    Path file = Path.of("target/bench/sharegpt-" + conversations + ".json");
    Files.createDirectories(file.getParent());
    String[] words = "the quarterly report shows revenue growth across every region while costs remained flat and margins improved"
        .split(" ");
    SplittableRandom random = new SplittableRandom(1);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("[\n");
      for (int i = 0; i < conversations; i++) {
        out.write(i == 0 ? "" : ",\n");
        out.write("{\"id\": \"b" + i + "\", \"conversations\": [");
        int messages = 2 + random.nextInt(7);
        for (int m = 0; m < messages; m++) {
          StringBuilder text = new StringBuilder();
          for (int w = 20 + random.nextInt(381); w > 0; w--) {
            text.append(words[random.nextInt(words.length)]).append(w == 1 ? "." : " ");
          }
          out.write((m == 0 ? "" : ", ") + "{\"from\": \"" + (m % 2 == 0 ? "human" : "gpt") + "\", \"value\": \"" + text + "\"}");
        }
        out.write("]}");
      }
      out.write("\n]\n");
    }
    long t0 = System.nanoTime();
    List<Conversation> all = DatasetReader.read(file);
    long t1 = System.nanoTime();
    DatasetConfig filters = new DatasetConfig(file.toString(), true, sample, 4, 1024, 4, 1024);
    List<SampledConversation> kept = new DatasetSampler(filters, PromptFactory.encoding("cl100k_base")::countTokensOrdinary)
        .sample(all, 42);
    long t2 = System.nanoTime();
    System.gc();
    long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    System.out.printf(Locale.ROOT, "file %.1f MB, %d conversations: read and checked in %.2f s; %d sampled (%d turns)"
            + " in %.2f s; heap in use after GC %.0f MB%n", Files.size(file) / 1e6, all.size(), (t1 - t0) / 1e9, kept.size(),
        kept.stream().mapToInt(c -> c.turns().size()).sum(), (t2 - t1) / 1e9, heap / 1e6);
  }
}
