package io.llmload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input stops the matrix before anything starts (exit 2, no matrix folder); a dry run lists the plan. */
class MatrixMainTest {
  @TempDir
  Path tmp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String yaml, String... keyValues) throws Exception {
    Path file = tmp.resolve("m.yaml");
    Files.writeString(file, yaml);
    Map<String, String> props = new HashMap<>();
    props.put("llm.matrix", file.toString());
    props.put("llm.reportsDir", tmp.resolve("reports").toString());
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      props.put(keyValues[i], keyValues[i + 1]);
    }
    return MatrixMain.run(props, Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aBadFileIsRefusedNamingTheLineAndNothingStarts() throws Exception {
    int exit = run("""
        simulation: Smoke
        configurations:
          - label: seqs-{seqs}
            command: sh -c 'sleep 300' {port} {sqes}
            grid:
              seqs: []
        """);
    assertThat(exit).isEqualTo(MatrixMain.BAD_INPUT);
    assertThat(err()).contains("nothing was started").contains("line 4: unknown placeholder {sqes} in command")
        .contains("line 6: grid parameter 'seqs' of configuration 'seqs-{seqs}' has no values");
    assertThat(tmp.resolve("reports")).doesNotExist();
  }

  @Test
  void anUnknownSettingOrNoFileIsBadInput() throws Exception {
    assertThat(run("simulation: Smoke\n", "llm.matrx", "x")).isEqualTo(MatrixMain.BAD_INPUT);
    assertThat(err()).contains("llm.matrx").contains("llm.matrix");
    err.reset();
    Map<String, String> none = Map.of();
    assertThat(MatrixMain.run(none, none, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(MatrixMain.BAD_INPUT);
    assertThat(err()).contains("set -Dllm.matrix=matrix.yaml");
  }

  @Test
  void aDryRunListsTheExpandedConfigurationsWithSecretsHidden() throws Exception {
    int exit = run("""
        simulation: Smoke
        configurations:
          - label: seqs-{seqs}
            command: sh -c serve --api-key sk-123 --port {port} --max-num-seqs {seqs}
            grid:
              seqs: [1, 2]
          - label: prod
            baseUrl: http://user:pw@gpu-node:8000
        """, "llm.matrix.dryRun", "true");
    assertThat(exit).isEqualTo(MatrixMain.OK);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("seqs-1 (line 3): sh -c serve --api-key [redacted] --port {port} --max-num-seqs 1"
            + " -> http://127.0.0.1:{port}")
        .contains("seqs-2 (line 3)").contains("prod (line 7): running at http://[redacted]@gpu-node:8000")
        .doesNotContain("sk-123").doesNotContain("pw@");
    assertThat(tmp.resolve("reports")).doesNotExist();
  }
}
