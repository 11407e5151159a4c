package io.llmload.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.cli.CompareMain;
import io.llmload.pipeline.PipelineRuns.Comparison;
import io.llmload.testing.Slow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline's compare step on real runs against the simulator (in-process, as scripts/ci-compare.sh
 * runs them through Maven): a real server-side difference is reported in the right direction and as
 * significant, and two runs of one configuration are not told apart. Only orderings and significance are
 * asserted, never absolute times: the box has two cores shared with other builds.
 */
@Slow
class CompareOnSimulatorTest {
  /** The figures a reader looks at first; none may differ significantly between two identical runs. */
  private static final List<String[]> MAIN_FIGURES = List.of(
      new String[] {"ttft", "p50"}, new String[] {"ttft", "p95"},
      new String[] {"tpot", "p50"}, new String[] {"tpot", "p95"},
      new String[] {"e2e", "p50"}, new String[] {"e2e", "p95"},
      new String[] {"output_throughput", "value"}, new String[] {"error_rate", "value"});

  /**
   * The first Gatling run in a JVM is slower (class loading, JIT): it would differ from the second for
   * reasons that have nothing to do with the server. The script runs each in its own JVM, equally cold;
   * here a short run first makes both measured runs equally warm.
   */
  @BeforeAll
  static void warmUpTheJvm(@TempDir Path tmp) {
    Map<String, String> load = PipelineRuns.smallClosedLoad(32, 2);
    load.put("sim.profile", "llama-3.1-8b-h100");
    PipelineRuns.run(tmp, "jvm-warmup", load);
  }

  @Test
  @Timeout(180)
  void fewerConcurrentSequencesMakeTtftSignificantlyWorse(@TempDir Path tmp) throws Exception {
    // 32 users at once against vLLM's --max-num-seqs 32 (all decode together) and 4 (28 wait in the queue)
    Map<String, String> load = PipelineRuns.smallClosedLoad(32, 6);
    load.put("sim.profile", "llama-3.1-8b-h100");
    Path seqs32 = PipelineRuns.run(tmp, "seqs32", with(load, "sim.maxNumSeqs", "32"));
    Path seqs4 = PipelineRuns.run(tmp, "seqs4", with(load, "sim.maxNumSeqs", "4"));

    Comparison c = PipelineRuns.compare(seqs32, seqs4, Files.createDirectories(tmp.resolve("compare")));
    System.out.println(c.stdout());
    assertThat(c.exit()).isEqualTo(CompareMain.OK);
    assertThat(c.json().path("comparisons").get(0).path("comparable").asBoolean()).isTrue();
    // queueing for a sequence slot: the first token comes much later
    assertThat(c.verdict("ttft", "p50")).isEqualTo("worse");
    assertThat(c.verdict("ttft", "p95")).isEqualTo("worse");
    assertThat(c.figure("ttft", "p50").path("ci_low").asDouble()).isPositive();
    assertThat(c.figure("ttft", "p50").path("delta_pct").asDouble()).isGreaterThan(100);
    assertThat(c.verdict("e2e", "p50")).isEqualTo("worse");
    // ... while each admitted request decodes in a smaller batch, so faster: the other direction
    assertThat(c.verdict("tpot", "p50")).isEqualTo("better");
    assertThat(c.figure("tpot", "p50").path("ci_high").asDouble()).isNegative();
    // the Markdown table on stdout says the same
    assertThat(c.stdout()).contains("## seqs4 vs baseline seqs32").containsPattern("\\| TTFT p50 \\(ms\\) \\|.*\\*\\*worse\\*\\*");
  }

  @Test
  @Timeout(180)
  void twoRunsOfTheSameConfigurationShowNoSignificantDifferenceAndPassTheGate(@TempDir Path tmp) throws Exception {
    Map<String, String> load = PipelineRuns.smallClosedLoad(32, 6);
    load.put("sim.profile", "llama-3.1-8b-h100");
    load.put("sim.maxNumSeqs", "8");
    Path first = PipelineRuns.run(tmp, "first", load);
    Path second = PipelineRuns.run(tmp, "second", load);

    Comparison c = PipelineRuns.compare(first, second, Files.createDirectories(tmp.resolve("compare")),
        "llm.regression.ttftP95Pct", "10", "llm.regression.tpotP95Pct", "10", "llm.regression.e2eP95Pct", "10",
        "llm.regression.throughputPct", "10", "llm.regression.errorRatePct", "1");
    System.out.println(c.stdout());
    assertThat(c.json().path("comparisons").get(0).path("comparable").asBoolean()).isTrue();
    for (String[] f : MAIN_FIGURES) {
      assertThat(c.verdict(f[0], f[1])).as("overall %s %s: %s", f[0], f[1], c.figure(f[0], f[1]))
          .isEqualTo("no_significant_change");
    }
    assertThat(c.exit()).as(c.stderr()).isEqualTo(CompareMain.OK);
    assertThat(c.json().path("gate").path("passed").asBoolean()).isTrue();
    assertThat(c.json().path("gate").path("checks")).hasSize(5);
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> m = new java.util.LinkedHashMap<>(base);
    m.put(key, value);
    return m;
  }
}
