package io.llmload.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatrixFileTest {
  @TempDir
  Path tmp;

  /** vllm and java are installed; the simulations of the suite exist. */
  private static final MatrixFile.Environment ENV = new MatrixFile.Environment() {
    @Override
    public boolean simulationExists(String className) {
      return Set.of("io.llmload.simulations.SmokeSimulation", "io.llmload.simulations.CapacitySweepSimulation")
          .contains(className);
    }

    @Override
    public Optional<Path> which(String program) {
      return Set.of("vllm", "java", "/opt/bin/stop-vllm").contains(program) ? Optional.of(Path.of("/usr/bin", program))
          : Optional.empty();
    }
  };

  private MatrixSpec read(String name, String text) throws IOException {
    Path f = tmp.resolve(name);
    Files.writeString(f, text);
    return MatrixFile.read(f, ENV);
  }

  private List<String> problems(String name, String text) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> read(name, text));
    assertThat(t).isInstanceOf(MatrixFileException.class);
    return ((MatrixFileException) t).problems();
  }

  @Test
  void aGoodFileGivesItsConfigurationsSettingsAndDefaults() throws IOException {
    MatrixSpec spec = read("seqs.yaml", """
        simulation: Smoke
        properties:
          llm.users: 16
        slo:
          ttftMs: 2000
          tpotMs: 60
          percentile: 90
        warmupCalls: 5
        stop:
          command: /opt/bin/stop-vllm --port {port}
          graceSeconds: 5
        configurations:
          - label: seqs-{seqs}
            command: vllm serve Qwen/Qwen3-8B --port {port} --max-num-seqs {seqs}
            grid:
              seqs: [64, 128]
          - label: prod
            baseUrl: http://gpu-node:8000
            properties:
              llm.model: Qwen/Qwen3-8B
        """);
    assertThat(spec.name()).isEqualTo("seqs");
    assertThat(spec.simulation()).isEqualTo("io.llmload.simulations.SmokeSimulation");
    assertThat(spec.isSweep()).isFalse();
    assertThat(spec.baseline()).isEqualTo("seqs-64");
    assertThat(spec.properties()).containsEntry("llm.users", "16");
    assertThat(spec.slo()).containsEntry("llm.slo.ttftMs", "2000").containsEntry("llm.slo.tpotMs", "60")
        .containsEntry("llm.slo.percentile", "90");
    assertThat(spec.maxErrorRate()).isEqualTo(0.01);
    assertThat(spec.warmupCalls()).isEqualTo(5);
    assertThat(spec.readiness()).isEqualTo(new MatrixSpec.Readiness(600, 1000));
    assertThat(spec.stop())
        .isEqualTo(new MatrixSpec.Stop(List.of("/opt/bin/stop-vllm", "--port", "{port}"), "TERM", 5));
    assertThat(spec.configurations()).extracting(ServerConfig::label).containsExactly("seqs-64", "seqs-128", "prod");
    ServerConfig first = spec.configuration("seqs-128");
    assertThat(first.command()).containsExactly("vllm", "serve", "Qwen/Qwen3-8B", "--port", "{port}",
        "--max-num-seqs", "128");
    assertThat(first.baseUrl()).isEqualTo("http://127.0.0.1:{port}");
    assertThat(first.line()).isEqualTo(13);
    ServerConfig prod = spec.configuration("prod");
    assertThat(prod.launched()).isFalse();
    assertThat(prod.properties()).containsEntry("llm.model", "Qwen/Qwen3-8B");
  }

  @Test
  void unknownPlaceholderIsNamedWithItsLine() {
    assertThat(problems("m.yaml", """
        simulation: Smoke
        configurations:
          - label: seqs-{seqs}
            command: vllm serve m --port {port} --max-num-seqs {seqs} --tp {tp}
            grid:
              seqs: [1, 2]
        """)).singleElement().asString().startsWith("line 4: unknown placeholder {tp} in command");
  }

  @Test
  void emptyGridIsNamedWithItsLine() {
    assertThat(problems("m.yaml", """
        simulation: Smoke
        configurations:
          - label: a
            command: vllm serve m --port {port}
            grid: {}
        """)).singleElement().asString().startsWith("line 5: configuration 'a' has an empty grid");
  }

  @Test
  void commandNotOnPathIsNamedWithItsLine() {
    assertThat(problems("m.yaml", """
        simulation: Smoke
        configurations:
          - label: a
            baseUrl: http://127.0.0.1:8000
          - label: b

            command: vlm serve m --port {port}
        """)).singleElement().asString()
        .isEqualTo("line 7: command 'vlm' of configuration 'b' is not found on PATH; install it or give its full path");
  }

  @Test
  void duplicateLabelsNameBothLines() {
    assertThat(problems("m.yaml", """
        simulation: Smoke
        configurations:
          - label: a
            baseUrl: http://127.0.0.1:8000
          - label: b-{seqs}
            command: vllm --port {port} --max-num-seqs {seqs}
            grid:
              seqs: [1, 1]
          - label: a
            baseUrl: http://127.0.0.1:8001
        """)).containsExactly(
            "line 5: label 'b-1' is used twice (also line 5); labels name the runs: make each unique (a grid's label"
                + " needs every parameter, e.g. seqs-{seqs})",
            "line 9: label 'a' is used twice (also line 3); labels name the runs: make each unique (a grid's label"
                + " needs every parameter, e.g. seqs-{seqs})");
  }

  @Test
  void unknownKeysAndSettingsAreNamedWithTheirLineAndTheNearestKnownName() {
    List<String> problems = problems("m.yaml", """
        simulation: Smoke
        baseline: nope
        readines:
          timeoutSeconds: 10
        properties:
          llm.user: 8
          llm.baseUrl: http://x
        slo:
          ttft: 100
        configurations:
          - label: a
            baseurl: http://127.0.0.1:8000
        """);
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("line 3: unknown key 'readines'; did you mean"
        + " 'readiness'?"));
    assertThat(problems)
        .anySatisfy(p -> assertThat(p).startsWith("line 6: ").contains("llm.user").contains("llm.users"));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("line 7: llm.baseUrl is set by the matrix"));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("line 9: ").contains("is not an SLO"));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("line 12: unknown key 'baseurl'; did you mean"
        + " 'baseUrl'?"));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("line 11: configuration 'a' needs a command"));
  }

  @Test
  void jsonFilesAreNamedByLineToo() {
    assertThat(problems("m.json", """
        {
          "simulation": "Smoke",
          "configurations": [
            {"label": "a", "command": "java -Dsim.port={port} io.llmload.sim.SimulatorMain"},
            {"label": "b",
             "command": ["nosuch", "{port}"]}
          ]
        }
        """)).singleElement().asString().startsWith("line 6: command 'nosuch' of configuration 'b'");
  }

  @Test
  void syntaxErrorsAndDuplicateKeysNameTheLine() {
    assertThat(problems("m.yaml", """
        simulation: Smoke
        configurations:
          - label: a
            label: b
            baseUrl: http://127.0.0.1:8000
        """)).singleElement().asString().startsWith("line 4: Duplicate field 'label'");
    assertThat(problems("m.json", "{\n  \"simulation\": \"Smoke\",\n  \"configurations\": [\n}\n"))
        .singleElement().asString().startsWith("line 4: ");
  }

  @Test
  void unknownSimulationBaselineAndPortWithoutCommandAreRefused() {
    List<String> problems = problems("m.yaml", """
        simulation: Nope
        baseline: c
        configurations:
          - label: a
            baseUrl: http://127.0.0.1:{port}
          - label: b
            command: vllm serve m
        """);
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("line 1: simulation Nope (class"
        + " io.llmload.simulations.NopeSimulation) is not on the classpath"));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("line 5: configuration 'a': {port} needs a command"));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("line 7: configuration 'b': give baseUrl"));
  }

  @Test
  void aFileThatIsNotYamlOrJsonOrMissingIsRefused() {
    assertThatThrownBy(() -> read("m.txt", "simulation: Smoke")).isInstanceOf(MatrixFileException.class)
        .hasMessageContaining(".yaml, .yml or .json");
    assertThatThrownBy(() -> MatrixFile.read(tmp.resolve("none.yaml"), ENV)).isInstanceOf(MatrixFileException.class)
        .hasMessageContaining("no such file");
  }
}
