package io.llmload.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmload.cli.CompareMain;
import io.llmload.simulations.SmokeSimulation;
import io.llmload.testing.CallsFile;
import io.llmload.testing.GatlingRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The steps of scripts/ci-compare.sh done inside the test JVM (a run per {@code ./mvnw gatling:test}, then
 * the compare CLI's code): same simulation, same -D properties, same compare, without a JVM and Maven
 * start per step. The script itself is run end to end once, in {@link CiCompareScriptTest}.
 */
final class PipelineRuns {
  private PipelineRuns() {
  }

  /**
   * A small closed load on the embedded simulator (about 10 s): {@code users} concurrent users of
   * single calls, 100-200 input and 20-60 output tokens, held for {@code holdSeconds}.
   */
  static Map<String, String> smallClosedLoad(int users, int holdSeconds) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("llm.users", Integer.toString(users));
    p.put("llm.injection", "closed");
    p.put("llm.rampSeconds", "1");
    p.put("llm.holdSeconds", Integer.toString(holdSeconds));
    p.put("llm.agentMix", "0");
    p.put("llm.input.min", "100");
    p.put("llm.input.max", "200");
    p.put("llm.output.min", "20");
    p.put("llm.output.max", "60");
    p.put("llm.metricsPeriodSeconds", "1");
    return p;
  }

  /** One SmokeSimulation run in-process on the embedded simulator; returns its run folder. */
  static Path run(Path tmp, String label, Map<String, String> properties) {
    Map<String, String> props = new HashMap<>(properties);
    Path outputDir = tmp.resolve("runs-" + label);
    props.put("llm.label", label);
    props.put("llm.outputDir", outputDir.toString());
    int exit = GatlingRunner.run(SmokeSimulation.class, props, tmp.resolve("gatling-" + label), false);
    assertThat(exit).as("Gatling's exit code for run %s", label).isZero();
    Path runDir = CallsFile.onlyRunDir(outputDir);
    assertThat(runDir.resolve("llm-summary.json")).isRegularFile();
    return runDir;
  }

  /** The compare step's outcome: exit code, stdout, and compare-*.json. */
  record Comparison(int exit, String stdout, String stderr, JsonNode json) {
    /** The figure of the overall group of the first comparison, e.g. ("ttft", "p95"). */
    JsonNode figure(String metric, String stat) {
      for (JsonNode f : json.path("comparisons").get(0).path("groups").path("overall").path("figures")) {
        if (f.path("metric").asText().equals(metric) && f.path("stat").asText().equals(stat)) {
          return f;
        }
      }
      throw new AssertionError("no overall " + metric + " " + stat + " in the compare JSON:\n" + json);
    }

    String verdict(String metric, String stat) {
      return figure(metric, stat).path("verdict").asText();
    }
  }

  /** Runs the compare CLI's code (what exec:java@compare runs) with output in {@code out}. */
  static Comparison compare(Path baseline, Path candidate, Path out, String... extraKeyValues) {
    Map<String, String> props = new HashMap<>();
    props.put("compare.runs", baseline + "," + candidate);
    props.put("compare.out", out.toString());
    props.put("compare.junit", out.resolve("compare-junit.xml").toString());
    for (int i = 0; i + 1 < extraKeyValues.length; i += 2) {
      props.put(extraKeyValues[i], extraKeyValues[i + 1]);
    }
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int exit = CompareMain.run(props, new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8));
    String err = stderr.toString(StandardCharsets.UTF_8);
    assertThat(exit).as("compare's exit code; stderr: %s", err).isIn(CompareMain.OK, CompareMain.REGRESSION);
    return new Comparison(exit, stdout.toString(StandardCharsets.UTF_8), err, readJson(onlyFile(out, ".json")));
  }

  static JsonNode readJson(Path file) {
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The single compare-*&lt;suffix&gt; file in a folder. */
  static Path onlyFile(Path dir, String suffix) {
    try (Stream<Path> files = Files.list(dir)) {
      var found = files.filter(f -> f.getFileName().toString().startsWith("compare-")
          && f.getFileName().toString().endsWith(suffix)).toList();
      assertThat(found).as("compare-*%s in %s", suffix, dir).hasSize(1);
      return found.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
