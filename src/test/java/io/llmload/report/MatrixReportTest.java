package io.llmload.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmload.compare.GroupComparator;
import io.llmload.matrix.MatrixAnalysis;
import io.llmload.matrix.MatrixSpec;
import io.llmload.matrix.Outcome;
import io.llmload.matrix.ServerConfig;
import io.llmload.run.RunFiles;
import io.llmload.testing.SyntheticRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** matrix.html, .json and .md of a matrix with two runs and a server that failed to start; the archive index. */
class MatrixReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  private Path run(Path matrixDir, String label, double tokPerS, double ttftP95, String gpu) throws Exception {
    Path dir = new SyntheticRun().label("20260101-000000-" + label).seed(label.hashCode()).calls(300)
        .write(matrixDir);
    Files.writeString(dir.resolve(RunFiles.SUMMARY), """
        {"schema":1,"run":{"label":"%1$s","duration_s":60,"target":{"model":"m"}},"config":{},
         "totals":{"calls":300,"ok":300,"failed":0,"output_tokens_per_s":%2$s,"requests_per_s":5},
         "groups":{"overall":{"error_rate":0.0,"ttft_ms":{"p50":80,"p95":%3$s},"tpot_ms":{"p95":20},
           "e2e_ms":{"p95":3000},"itl_ms":{"p95":25}}}%4$s}
        """.formatted(label, tokPerS, ttftP95, gpu == null ? "" : ",\"gpu\":" + gpu));
    Files.writeString(dir.resolve(RunFiles.REPORT), "<html></html>");
    return dir;
  }

  private static ServerConfig config(String label, List<String> command) {
    return new ServerConfig(label, 3, command, "http://127.0.0.1:{port}", Map.of(), Map.of(), Map.of("seqs", "8"));
  }

  @Test
  void theThreeFilesAndTheArchiveEntry() throws Exception {
    Path reports = tmp.resolve("reports");
    Path matrixDir = reports.resolve("20260101-000000-matrix-m");
    Path a = run(matrixDir, "a", 1000, 300, null);
    Path b = run(matrixDir, "b", 2000, 200, "{\"output_tokens_per_joule\":2.5}");
    ServerConfig ca = config("a", List.of("vllm", "serve", "--api-key", "sk-secret", "--port", "{port}"));
    ServerConfig cb = config("b", List.of("vllm", "--port", "{port}"));
    ServerConfig cc = config("c", List.of("vllm", "--port", "{port}"));
    MatrixSpec spec = new MatrixSpec(Path.of("m.yaml"), "m", "io.llmload.simulations.SmokeSimulation", "a", Map.of(),
        Map.of(), 0.01, new MatrixSpec.Readiness(60, 1000), new MatrixSpec.Stop(null, "TERM", 30), null, 3600,
        List.of(ca, cb, cc));
    List<Outcome> outcomes = List.of(
        new Outcome(ca, Outcome.Status.RAN, "http://127.0.0.1:1", 2.0, null, null, a, null, 0, List.of(11L), "SIGTERM"),
        new Outcome(cb, Outcome.Status.RAN, "http://127.0.0.1:2", 2.0, null, null, b, null, 0, List.of(12L), "SIGTERM"),
        new Outcome(cc, Outcome.Status.START_FAILED, "http://127.0.0.1:3", null, "not ready within 60 s",
            "CUDA out of memory <script>", null, matrixDir.resolve("logs/c.server.log"), null, List.of(13L),
            "SIGTERM"));
    MatrixAnalysis m = MatrixAnalysis.of(spec, outcomes, Instant.parse("2026-01-01T00:00:00Z"),
        Instant.parse("2026-01-01T00:10:00Z"), matrixDir, new GroupComparator(200, 42));
    MatrixReport.Written w = MatrixReport.write(m);

    JsonNode j = JSON.readTree(w.json().toFile());
    assertThat(j.path("ranking")).extracting(r -> r.path("label").asText()).containsExactly("b", "a");
    assertThat(j.path("ranking").get(0).path("output_tokens_per_joule").asDouble()).isEqualTo(2.5);
    assertThat(j.path("ranking").get(1).path("output_tokens_per_joule").isNull()).isTrue();
    assertThat(j.path("pareto").path("ttft_p95")).extracting(JsonNode::asText).containsExactly("b");
    assertThat(j.path("configurations").get(0).path("command").asText())
        .isEqualTo("vllm serve --api-key [redacted] --port {port}");
    assertThat(j.path("configurations").get(0).path("run_dir").asText()).isEqualTo("20260101-000000-a");
    assertThat(j.path("configurations").get(2).path("status").asText()).isEqualTo("start_failed");
    assertThat(j.path("comparisons")).hasSize(1);
    assertThat(j.path("comparisons").get(0).path("page").asText()).isEqualTo("compare-a_vs_b.html");
    assertThat(matrixDir.resolve("compare-a_vs_b.html")).isRegularFile();
    assertThat(matrixDir.resolve("compare-a_vs_b.json")).isRegularFile();
    assertThat(Files.readString(w.json())).doesNotContain("sk-secret");

    String html = Files.readString(w.html());
    assertThat(html).doesNotContain("sk-secret").doesNotContain("<script>")
        .contains("CUDA out of memory &lt;script&gt;")
        .contains("<tr class=\"rank\" data-label=\"b\"><td class=\"n\">1</td>")
        .contains("<tr class=\"rank\" data-label=\"a\"><td class=\"n\">2</td>")
        .contains("href=\"20260101-000000-a/llm-report.html\"").contains("href=\"compare-a_vs_b.html\"")
        .contains("<circle class=\"front\"").contains("<circle class=\"dominated\"");
    assertThat(Files.readString(w.markdown())).contains("| 1 | b | yes | 5 | 2000 | 2.5 |")
        .contains("| 2 | a | yes | 5 | 1000 | — |").contains("**c: failed to start** — not ready within 60 s");

    RunArchive.writeIndex(reports);
    String index = Files.readString(reports.resolve(RunArchive.INDEX));
    assertThat(index).contains("<tr class=\"matrix\" data-folder=\"20260101-000000-matrix-m\">")
        .contains("1. <a class=\"matrix-run\" href=\"20260101-000000-matrix-m/20260101-000000-b/llm-report.html\">"
            + "b</a>")
        .contains("c: start failed").contains("href=\"20260101-000000-matrix-m/matrix.html\"");
  }
}
