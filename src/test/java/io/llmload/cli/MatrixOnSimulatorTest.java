package io.llmload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmload.run.RunFiles;
import io.llmload.testing.Slow;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server matrix end to end: three simulators started as separate processes by their command (the batching
 * engine with the qwen profile, whose decode step is its 8 ms floor up to a batch of 30, so output tokens/s grows
 * with sim.maxNumSeqs: about 125 tok/s per running sequence) and a fourth whose command exits at once (a bad
 * sim.maxNumSeqs), against the Smoke workload held at 12 concurrent users with short prompts (50-100 tokens, so a
 * prefill costs about one 8 ms step). Capacity order: seqs-12 (no queue: TTFT a step or two) > seqs-4 > seqs-1 (11
 * of 12 users waiting: TTFT several calls' length). Ten warm-up calls per run warm the fresh simulator JVM too.
 *
 * <p>Measured on the shared 2-core box, load average 12-24 from other builds: the test took 112 s and 97 s. The
 * same matrix with 2 warm-up calls run by hand (exec:java@matrix, load average 16.5, 1 Dec 2026) gave seqs-1 / 4 /
 * 12 at 124 / 481 / 1215 output tok/s (the model: 125 per running sequence) and TTFT p95 4407 / 842 / 54 ms. The
 * assertions need only the order.
 */
@Slow
class MatrixOnSimulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void threeSimulatorsRankedByCapacityTheBrokenOneReportedAndNoProcessLeftBehind() throws Exception {
    Path file = tmp.resolve("sim-seqs.yaml");
    Files.writeString(file, matrix());
    Path reports = tmp.resolve("reports");
    Map<String, String> props = new HashMap<>();
    props.put("llm.matrix", file.toString());
    props.put("llm.reportsDir", reports.toString());
    props.put("llm.outputDir", tmp.resolve("work").toString());
    props.put("llm.gatlingResultsDir", tmp.resolve("gatling").toString());
    props.put("compare.resamples", "200");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = MatrixMain.run(props, Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    String console = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as("exit code (1: a configuration failed to start); stderr: %s\nconsole: %s",
        err.toString(StandardCharsets.UTF_8), console).isEqualTo(MatrixMain.SOME_FAILED);

    Path matrixDir;
    try (Stream<Path> dirs = Files.list(reports)) {
      matrixDir = dirs.filter(d -> d.getFileName().toString().endsWith("-matrix-sim-seqs")).findFirst().orElseThrow();
    }
    JsonNode m = JSON.readTree(matrixDir.resolve("matrix.json").toFile());
    assertThat(matrixDir.resolve("matrix.html")).isRegularFile();
    assertThat(matrixDir.resolve("matrix.md")).isRegularFile();

    // every started server and every process it started is gone
    List<Long> pids = new ArrayList<>();
    for (JsonNode c : m.path("configurations")) {
      c.path("server_pids").forEach(p -> pids.add(p.asLong()));
    }
    assertThat(pids).hasSizeGreaterThanOrEqualTo(4);
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(h -> assertThat(h.isAlive()).as("server process %d (and its descendants %s)"
          + " still alive", pid, h.descendants().map(ProcessHandle::pid).toList()).isFalse());
    }

    // three run folders in the matrix folder, each with the server's log beside the run
    Map<String, JsonNode> byLabel = new HashMap<>();
    m.path("configurations").forEach(c -> byLabel.put(c.path("label").asText(), c));
    for (String label : List.of("seqs-1", "seqs-4", "seqs-12")) {
      JsonNode c = byLabel.get(label);
      assertThat(c.path("status").asText()).as(label + ": " + c).isEqualTo("ran");
      Path run = matrixDir.resolve(c.path("run_dir").asText());
      assertThat(run.resolve(RunFiles.SUMMARY)).isRegularFile();
      assertThat(run.resolve(RunFiles.REPORT)).isRegularFile();
      assertThat(run.resolve(RunFiles.SERVER_LOG)).content().contains("listening on http://127.0.0.1:");
      assertThat(JSON.readTree(run.resolve(RunFiles.SUMMARY).toFile()).path("run").path("label").asText())
          .isEqualTo(label);
    }
    try (Stream<Path> dirs = Files.list(matrixDir)) {
      assertThat(dirs.filter(d -> Files.isRegularFile(d.resolve(RunFiles.SUMMARY))).count()).isEqualTo(3);
    }

    // the broken command: reported with its log tail, skipped, and the matrix went on
    JsonNode broken = byLabel.get("broken");
    assertThat(broken.path("status").asText()).isEqualTo("start_failed");
    assertThat(broken.path("problem").asText()).contains("exited before it was ready");
    assertThat(broken.path("log_tail").asText()).contains("sim.maxNumSeqs: not an integer, got 'lots'");
    assertThat(broken.path("run_dir").isNull()).isTrue();
    assertThat(console).contains("[broken] FAILED TO START").contains("not an integer");
    assertThat(broken.path("line").asInt()).as("the line of the broken entry").isEqualTo(27);

    // capacity order: throughput, ranking, Pareto front
    double t1 = byLabel.get("seqs-1").path("headline").path("output_tokens_per_s").asDouble();
    double t4 = byLabel.get("seqs-4").path("headline").path("output_tokens_per_s").asDouble();
    double t12 = byLabel.get("seqs-12").path("headline").path("output_tokens_per_s").asDouble();
    assertThat(t1).as("output tok/s of seqs-1 < seqs-4 < seqs-12").isLessThan(t4);
    assertThat(t4).isLessThan(t12);
    List<String> ranking = new ArrayList<>();
    m.path("ranking").forEach(r -> ranking.add(r.path("label").asText()));
    assertThat(ranking).containsExactly("seqs-12", "seqs-4", "seqs-1");
    assertThat(m.path("ranking").get(0).path("meets_slo").asBoolean()).isTrue();
    assertThat(m.path("ranking").get(2).path("meets_slo").asBoolean()).as("seqs-1: TTFT p95 from an 11-deep queue")
        .isFalse();
    assertThat(m.path("ranking").get(2).path("why_not").asText()).contains("ttft p95");
    // the most capacity is on both fronts; seqs-1 (less throughput and a queue-long TTFT than both others) on neither
    // TTFT front. (seqs-12's TTFT is a step or two by the model, but the client's and the simulator's own lateness on
    // a loaded box put it at 54 ms in one run and 753 ms in another, near seqs-4's 840: not asserted.)
    assertThat(m.path("pareto").path("ttft_p95")).extracting(JsonNode::asText).contains("seqs-12")
        .doesNotContain("seqs-1");
    assertThat(m.path("pareto").path("tpot_p95")).extracting(JsonNode::asText).contains("seqs-12");

    // compared against the baseline with compare's tests: seqs-12 has significantly more output throughput
    assertThat(m.path("comparisons")).hasSize(2);
    assertThat(matrixDir.resolve("compare-seqs-4_vs_seqs-12.html")).isRegularFile();
    JsonNode vs12 = null;
    for (JsonNode c : m.path("comparisons")) {
      if (c.path("run").path("label").asText().equals("seqs-12")) {
        vs12 = c;
      }
    }
    assertThat(vs12).isNotNull();
    JsonNode throughput = null;
    for (JsonNode f : vs12.path("groups").path("overall").path("figures")) {
      if (f.path("metric").asText().equals("output_throughput")) {
        throughput = f;
      }
    }
    assertThat(throughput).isNotNull();
    assertThat(throughput.path("verdict").asText()).as("output throughput of seqs-12 vs seqs-4: %s", throughput)
        .isEqualTo("better");

    // the archive index lists the matrix once, with its runs
    String index = Files.readString(reports.resolve("index.html"));
    assertThat(index).contains("<table id=\"matrices\">").contains("sim-seqs").contains("matrix-run")
        .contains("broken: start failed");
  }

  /** The matrix file: the simulator started with this JVM's java and classpath on a free port. */
  private static String matrix() throws Exception {
    String java = JSON.writeValueAsString(JavaClasspath.java());
    String cp = JSON.writeValueAsString(JavaClasspath.current());
    return """
        name: sim-seqs
        simulation: Smoke
        baseline: seqs-4
        properties:
          llm.injection: closed
          llm.users: 12
          llm.rampSeconds: 1
          llm.holdSeconds: 6
          llm.agentMix: 0
          llm.input.min: 50
          llm.input.max: 100
          llm.metricsPeriodSeconds: 1
        slo:
          ttftMs: 2500
        readiness:
          timeoutSeconds: 120
          intervalMillis: 200
        stop:
          graceSeconds: 20
        warmupCalls: 10
        configurations:
          - label: seqs-{seqs}
            command: [%1$s, "-Xmx256m", "-cp", %2$s, "-Dsim.maxNumSeqs={seqs}", "-Dsim.port={port}",
                      "io.llmload.sim.SimulatorMain"]
            grid:
              seqs: [1, 4, 12]
          - label: broken
            command: [%1$s, "-cp", %2$s, "-Dsim.maxNumSeqs=lots", "-Dsim.port={port}", "io.llmload.sim.SimulatorMain"]
        """.formatted(java, cp);
  }
}
