package io.llmload.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary's "gpu" object read back through RunFolder, llm-gpu.csv's rows, and the console line. */
class GpuFiguresTest {
  @TempDir
  Path dir;

  @Test
  void aRunWithoutGpuTelemetryHasNoFigures() throws Exception {
    Files.writeString(dir.resolve(RunFiles.SUMMARY), "{\"run\":{}}");
    assertThat(RunFolder.open(dir).gpu()).isEmpty();
    assertThat(RunFolder.open(dir).gpuSamples()).isEmpty();
  }

  @Test
  void theContractKeysAreRead() throws Exception {
    Files.writeString(dir.resolve(RunFiles.SUMMARY), "{\"gpu\":{\"source\":\"url\",\"method\":\"energy_counter\","
        + "\"gpus\":2,\"window_s\":10.5,\"energy_j\":1500.25,\"avg_power_w\":142.9,\"joules_per_output_token\":0.5,"
        + "\"joules_per_request\":50,\"output_tokens_per_joule\":2,\"per_gpu\":[{\"gpu\":\"0\",\"url_index\":0,"
        + "\"energy_j\":1000,\"avg_power_w\":95.2,\"util_avg\":40.5,\"mem_used_max_bytes\":1048576},"
        + "{\"gpu\":\"1\",\"energy_j\":null}],\"notes\":[\"GPU 0/1 was seen …\"]}}");
    GpuFigures g = RunFolder.open(dir).gpu().orElseThrow();
    assertThat(g.source()).isEqualTo("url");
    assertThat(g.gpus()).isEqualTo(2);
    assertThat(g.windowS()).isEqualTo(10.5);
    assertThat(g.energyJ()).isEqualTo(1500.25);
    assertThat(g.joulesPerOutputToken()).isEqualTo(0.5);
    assertThat(g.joulesPerRequest()).isEqualTo(50.0);
    assertThat(g.outputTokensPerJoule()).isEqualTo(2.0);
    assertThat(g.perGpu().get(0).memUsedMaxBytes()).isEqualTo(1_048_576L);
    assertThat(g.perGpu().get(0).utilAvg()).isEqualTo(40.5);
    assertThat(g.perGpu().get(1).energyJ()).isNull();
    assertThat(g.notes()).hasSize(1);
  }

  @Test
  void llmGpuCsvRowsRoundTrip() throws Exception {
    GpuRow a = new GpuRow(1000, 1, "3", "GPU-x", "=host", 45.5, 1234.0, 250.125, 7000.0, false);
    GpuRow b = new GpuRow(1500, 1, "3", null, null, null, null, 260.0, null, true);
    Files.writeString(dir.resolve(RunFiles.GPU), GpuRow.HEADER + "\n" + a.toCsv() + "\n" + b.toCsv() + "\n");
    List<GpuRow> rows = RunFolder.open(dir).gpuSamples();
    // server text is guarded against spreadsheet formulas, and read back as written
    assertThat(rows.get(0)).isEqualTo(new GpuRow(1000, 1, "3", "GPU-x", "'=host", 45.5, 1234.0, 250.125, 7000.0, false));
    assertThat(rows.get(1)).isEqualTo(b);
  }

  @Test
  void theConsoleLineNamesTheSourceMethodAndFiguresAndEveryNote() {
    String line = RunSummary.gpuLine(Map.of("source", "url", "method", "energy_counter", "gpus", 2, "window_s", 10.5,
        "energy_j", 1500.25, "avg_power_w", 142.9, "joules_per_output_token", 0.5, "output_tokens_per_joule", 2.0,
        "joules_per_request", 50.0, "notes", List.of("GPU 0/1 disappeared")));
    assertThat(line).contains("GPU energy (url, energy_counter): 2 GPU(s) over 10.5 s: 1500.3 J, average 142.9 W")
        .contains("0.5 J/output token").contains("2 output tokens/J").contains("50 J/request")
        .contains("NOTE (GPU): GPU 0/1 disappeared");
  }
}
