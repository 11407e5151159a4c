package io.llmload.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.compare.Change;
import io.llmload.compare.GroupComparator;
import io.llmload.compare.Metric;
import io.llmload.compare.RunComparison;
import io.llmload.compare.Stat;
import io.llmload.run.RunFiles;
import io.llmload.testing.SyntheticRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analysis of a finished matrix over run folders whose summaries are written by hand (known figures). */
class MatrixAnalysisTest {
  @TempDir
  Path tmp;

  static ServerConfig config(String label) {
    return new ServerConfig(label, 1, List.of("vllm", "--port", "{port}"), "http://127.0.0.1:{port}", Map.of(),
        Map.of(), Map.of());
  }

  static MatrixSpec spec(String simulation, String baseline, List<ServerConfig> configs) {
    return new MatrixSpec(Path.of("m.yaml"), "m", simulation, baseline, Map.of(), Map.of("llm.slo.ttftMs", "500"),
        0.01, new MatrixSpec.Readiness(60, 1000), new MatrixSpec.Stop(null, "TERM", 30), null, 3600, configs);
  }

  /** A run folder with calls (for compare) and a summary with these overall figures. */
  Path run(String label, double ttftFactor, double tokPerS, double ttftP95, double tpotP95, double goodput,
           boolean met, String gpu) throws IOException {
    Path dir = new SyntheticRun().label(label).seed(label.hashCode()).calls(400).ttftFactor(ttftFactor)
        .write(tmp.resolve("runs"));
    Files.writeString(dir.resolve(RunFiles.SUMMARY), """
        {"schema":1,"run":{"label":"%1$s","duration_s":60,"target":{"model":"m"}},"config":{},
         "totals":{"calls":400,"ok":398,"failed":2,"output_tokens_per_s":%2$s,"requests_per_s":6.6},
         "groups":{"overall":{"error_rate":0.005,"ttft_ms":{"p50":80,"p95":%3$s},"tpot_ms":{"p95":%4$s},
           "e2e_ms":{"p95":3000},"itl_ms":{"p95":25}}},
         "slo":{"percentile":95,"groups":{"overall":{"calls":400,"good":300,"attainment":0.75,"goodput_per_s":%5$s,
           "ttft_p95_ms":%3$s,"ttft_limit_ms":500.0,"ttft_met":%6$s,"all_met":%6$s}}}%7$s}
        """.formatted(label, tokPerS, ttftP95, tpotP95, goodput, met, gpu == null ? "" : ",\"gpu\":" + gpu));
    return dir;
  }

  static Outcome ran(String label, Path dir) {
    return new Outcome(config(label), Outcome.Status.RAN, "http://127.0.0.1:1", 1.0, null, null, dir, null, 0,
        List.of(), null);
  }

  @Test
  void rankingFrontsEnergyAndComparisonsFromTheRuns() throws IOException {
    Path a = run("a", 1.0, 1000, 300, 20, 5, true, null);
    Path b = run("b", 1.0, 1500, 400, 30, 8, true, "{\"output_tokens_per_joule\":2.5,\"energy_j\":1200}");
    Path c = run("c", 3.0, 2000, 900, 25, 10, false, null);
    Outcome d = new Outcome(config("d"), Outcome.Status.START_FAILED, "http://127.0.0.1:2", null,
        "the server process exited before it was ready", "boom", null, null, null, List.of(7L), "SIGTERM");
    MatrixSpec spec = spec("io.llmload.simulations.SmokeSimulation", "a",
        List.of(config("a"), config("b"), config("c"), config("d")));
    MatrixAnalysis m = MatrixAnalysis.of(spec, List.of(ran("a", a), ran("b", b), ran("c", c), d), Instant.EPOCH,
        Instant.EPOCH, tmp, new GroupComparator(200, 42));

    assertThat(m.ranking()).extracting(p -> p.candidate().label()).containsExactly("b", "a", "c");
    MatrixRanking.Candidate broken = m.ranking().get(2).candidate();
    assertThat(broken.meets()).isFalse();
    assertThat(broken.why()).isEqualTo("ttft p95 900 ms > 500 ms");
    assertThat(m.ranking().get(0).candidate().tokensPerJoule()).isEqualTo(2.5);
    assertThat(m.ranking().get(1).candidate().tokensPerJoule()).isNull();

    // TTFT: a (1000, 300) b (1500, 400) c (2000, 900): nobody dominated; TPOT: b (1500, 30) is beaten by c (2000, 25)
    assertThat(m.ttftFront()).extracting(ParetoFront.Point::label).containsExactly("a", "b", "c");
    assertThat(m.tpotFront()).extracting(ParetoFront.Point::label).containsExactly("a", "c");

    assertThat(m.comparisons()).extracting(cmp -> cmp.current().label()).containsExactly("b", "c");
    RunComparison vsC = m.comparisons().get(1);
    assertThat(vsC.figure("overall", Metric.TTFT, Stat.P95).change()).isEqualTo(Change.WORSE);
    assertThat(m.comparisonProblems()).isEmpty();
    assertThat(m.entry("d").headline()).isNull();
    assertThat(m.entry("d").candidate()).isNull();
  }

  @Test
  void aFailedBaselineLeavesNothingToCompareAndSaysSo() throws IOException {
    Path b = run("b", 1.0, 1500, 400, 30, 8, true, null);
    Outcome a = new Outcome(config("a"), Outcome.Status.START_FAILED, null, null, "not ready", "", null, null, null,
        List.of(), null);
    MatrixAnalysis m = MatrixAnalysis.of(spec("io.llmload.simulations.SmokeSimulation", "a",
        List.of(config("a"), config("b"))), List.of(a, ran("b", b)), Instant.EPOCH, Instant.EPOCH, tmp,
        new GroupComparator(200, 42));
    assertThat(m.comparisons()).isEmpty();
    assertThat(m.comparisonProblems()).containsExactly("the baseline a has no run: no configuration is compared");
    assertThat(m.ranking()).extracting(p -> p.candidate().label()).containsExactly("b");
  }

  @Test
  void aSweepIsPlacedAndRankedByItsKneeLevel() throws IOException {
    Path s = run("s", 1.0, 999, 999, 999, 999, false, null);
    Files.copy(Path.of("src/test/resources/sweep-summary/knee.json"), s.resolve(RunFiles.SWEEP_SUMMARY));
    MatrixAnalysis m = MatrixAnalysis.of(spec("io.llmload.simulations.CapacitySweepSimulation", "s",
        List.of(config("s"))), List.of(ran("s", s)), Instant.EPOCH, Instant.EPOCH, tmp, new GroupComparator(200, 42));
    MatrixAnalysis.Knee k = m.entry("s").knee();
    // knee.json: knee at level 1 (20 tok/s, goodput 2/s), whose TTFT p95 is 100 ms and TPOT p95 33.333 ms
    assertThat(k).isEqualTo(new MatrixAnalysis.Knee("knee_found", 1.0, 20.0, 2.0, 100.0, 33.333, k.message()));
    assertThat(m.ttftFront()).containsExactly(new ParetoFront.Point("s", 20.0, 100.0));
    assertThat(m.ranking().get(0).candidate()).isEqualTo(new MatrixRanking.Candidate("s", 2.0, true, null, 20.0, null));
  }
}
