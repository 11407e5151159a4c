package io.llmload.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmload.testing.Slow;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL (Process.destroyForcibly) a child JVM while it writes a run's files through the real writers
 * ({@link KillableWriterMain}): every file that exists afterwards is whole and parseable, never truncated.
 * Each child is bounded (it exits by itself after 60 s; the test waits at most 60 s for a line from it).
 */
class KillDuringWriteTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  private static Process start(Path dir, String mode) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        KillableWriterMain.class.getName(), dir.toString(), mode).redirectErrorStream(true).start();
  }

  /** Reads the child's output until a line starting with {@code prefix}; fails at its end or after 60 s. */
  private static void awaitLine(Process p, BufferedReader out, String prefix) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    StringBuilder seen = new StringBuilder();
    while (System.nanoTime() < deadline) {
      if (!out.ready() && !p.isAlive()) {
        break;
      }
      String line = out.readLine();
      if (line == null) {
        break;
      }
      if (line.startsWith(prefix)) {
        return;
      }
      seen.append(line).append('\n');
    }
    p.destroyForcibly();
    throw new AssertionError("the writer never printed '" + prefix + "'; it printed:\n" + seen);
  }

  private static void kill(Process p) throws Exception {
    p.destroyForcibly();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the killed writer is gone").isTrue();
  }

  @Test
  void aSummaryKilledMidWriteKeepsThePreviousWholeFile() throws Exception {
    Path dir = tmp.resolve("block");
    Process p = start(dir, "block");
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      awaitLine(p, out, "previous written");
      awaitLine(p, out, "mid-write");
      kill(p);
    }
    JsonNode summary = JSON.readTree(dir.resolve(RunFiles.SUMMARY).toFile());
    assertThat(summary.path("run").path("label").asText()).isEqualTo("kill");
    assertThat(summary.path("config").size()).isEqualTo(40_000);
    assertThat(summary.has("zz_block")).isFalse(); // the previous file, not the half-written one
  }

  @Test
  @Slow
  void filesKilledAtRandomPointsAreWholeOrAbsent() throws Exception {
    Random random = new Random(13);
    List<String> warnings = new ArrayList<>();
    int rows = 0;
    for (int round = 0; round < 6; round++) {
      Path dir = tmp.resolve("loop-" + round);
      Process p = start(dir, "loop");
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        awaitLine(p, out, "written");
        Thread.sleep(random.nextInt(400)); // where the kill lands, not a wait for anything
        kill(p);
      }
      JsonNode summary = JSON.readTree(dir.resolve(RunFiles.SUMMARY).toFile());
      assertThat(summary.path("config").size()).as("round %d summary", round).isEqualTo(40_000);
      assertThat(JSON.readTree(dir.resolve(RunFiles.RUN_INFO).toFile()).size()).isEqualTo(40_000);
      RunFolder folder = RunFolder.open(dir);
      List<CallRow> calls = folder.calls();
      for (int i = 0; i < calls.size(); i++) {
        assertThat(calls.get(i).callId()).as("round %d row %d", round, i).isEqualTo(i + 1L);
      }
      List<Long> itl = new ArrayList<>();
      folder.forEachItl((id, gaps) -> {
        assertThat(gaps).containsExactly(40, 50, 60, 70);
        itl.add(id);
      });
      rows += calls.size();
      warnings.addAll(folder.warnings());
      try (var files = Files.list(dir)) {
        assertThat(files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".")))
            .containsExactlyInAnyOrder(RunFiles.CALLS, RunFiles.ITL, RunFiles.SUMMARY, RunFiles.RUN_INFO);
      }
    }
    assertThat(rows).isGreaterThan(0);
    System.out.println("KillDuringWriteTest: " + rows + " call rows read back; incomplete last rows dropped: "
        + warnings.size());
  }
}
