package io.llmload.servermetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.llmload.csv.CsvFormatException;
import io.llmload.run.GpuRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nvidia-smi --format=csv output, as written with and without units, and what is refused. */
class NvidiaSmiCsvTest {
  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final String HEADER = "timestamp, index, uuid, utilization.gpu [%], memory.used [MiB], power.draw [W]\n";
  private static final String NOUNITS_HEADER = "timestamp, index, uuid, utilization.gpu, memory.used, power.draw\n";

  @TempDir
  Path dir;

  private Path write(String text) throws Exception {
    Path f = dir.resolve("smi.csv");
    Files.writeString(f, text);
    return f;
  }

  private static List<GpuRow> read(Path f) throws Exception {
    List<GpuRow> rows = new ArrayList<>();
    NvidiaSmiCsv.read(f, UTC, rows::add);
    return rows;
  }

  private static long ms(String local) {
    return LocalDateTime.parse(local).toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  @Test
  void readsLinesWithUnits() throws Exception {
    List<GpuRow> rows = read(write(HEADER
        + "2026/12/01 17:00:00.123, 0, GPU-aaaa, 45 %, 1234 MiB, 250.12 W\n"
        + "2026/12/01 17:00:00.125, 1, GPU-bbbb, 0 %, 10 MiB, [N/A]\n"));
    assertThat(rows).hasSize(2);
    GpuRow r = rows.get(0);
    assertThat(r.timeMs()).isEqualTo(ms("2026-12-01T17:00:00.123"));
    assertThat(r.gpu()).isEqualTo("0");
    assertThat(r.uuid()).isEqualTo("GPU-aaaa");
    assertThat(r.utilPct()).isEqualTo(45);
    assertThat(r.memUsedMib()).isEqualTo(1234);
    assertThat(r.powerW()).isEqualTo(250.12);
    assertThat(r.energyMj()).isNull();
    assertThat(rows.get(1).powerW()).isNull();
  }

  @Test
  void readsNounitsAndAnyColumnOrderAndSkipsARepeatedHeader() throws Exception {
    List<GpuRow> rows = read(write(NOUNITS_HEADER
        + "2026/12/01 17:00:00.000, 0, GPU-aaaa, 45, 1234, 250.12\n"
        + NOUNITS_HEADER
        + "2026/12/01 17:00:00.500, 0, GPU-aaaa, 50, 1234, 260\n"));
    assertThat(rows).extracting(GpuRow::powerW).containsExactly(250.12, 260.0);
    List<GpuRow> reordered = read(write("index, power.draw [W], timestamp\n0, 100 W, 2026/12/01 17:00:01\n"));
    assertThat(reordered.get(0).powerW()).isEqualTo(100);
    assertThat(reordered.get(0).timeMs()).isEqualTo(ms("2026-12-01T17:00:01"));
    assertThat(reordered.get(0).uuid()).isNull();
  }

  @Test
  void powerIsIntegratedByTrapezoidsPerGpu() throws Exception {
    GpuWindowTracker tracker = new GpuWindowTracker(1000);
    NvidiaSmiCsv.read(write(HEADER
        + "2026/12/01 17:00:00.000, 0, GPU-a, 10 %, 1 MiB, 100 W\n"
        + "2026/12/01 17:00:00.000, 1, GPU-b, 10 %, 1 MiB, 50 W\n"
        + "2026/12/01 17:00:00.500, 0, GPU-a, 30 %, 3 MiB, 300 W\n"
        + "2026/12/01 17:00:00.500, 1, GPU-b, 10 %, 1 MiB, 50 W\n"
        + "2026/12/01 17:00:01.000, 0, GPU-a, 20 %, 2 MiB, 300 W\n"
        + "2026/12/01 17:00:01.000, 1, GPU-b, 10 %, 1 MiB, 50 W\n"), UTC, tracker::accept);
    GpuWindow w = tracker.summarize("file", "smi.csv");
    assertThat(w.method()).isEqualTo(GpuWindow.POWER);
    // GPU 0: (100 + 300) / 2 × 0.5 + 300 × 0.5 = 250 J; GPU 1: 50 W × 1 s
    assertThat(w.perGpu().get(0).energyJ()).isCloseTo(250.0, within(1e-9));
    assertThat(w.perGpu().get(1).energyJ()).isCloseTo(50.0, within(1e-9));
    assertThat(w.perGpu().get(0).utilAvg()).isCloseTo(20.0, within(1e-9));
    assertThat(w.perGpu().get(0).memUsedMaxBytes()).isEqualTo(3L * 1024 * 1024);
    assertThat(w.windowS()).isEqualTo(1.0);
    assertThat(w.notes()).isEmpty();
  }

  @Test
  void aBadLineIsNamed() throws Exception {
    Path f = write(HEADER
        + "2026/12/01 17:00:00.000, 0, GPU-a, 10 %, 1 MiB, 100 W\n"
        + "2026/12/01 17:00:00.500, 0, GPU-a, 10 %, 1 MiB, lots W\n");
    assertThatThrownBy(() -> read(f)).isInstanceOf(CsvFormatException.class)
        .hasMessageContaining("line 3").hasMessageContaining("power.draw").hasMessageContaining("lots");
    Path badTime = write(HEADER + "yesterday, 0, GPU-a, 10 %, 1 MiB, 100 W\n");
    assertThatThrownBy(() -> read(badTime)).hasMessageContaining("line 2").hasMessageContaining("yesterday");
    Path fields = write(HEADER + "2026/12/01 17:00:00.000, 0, GPU-a, 10 %\n");
    assertThatThrownBy(() -> read(fields)).hasMessageContaining("line 2");
    Path noHeader = write("2026/12/01 17:00:00.000, 0, GPU-a, 10 %, 1 MiB, 100 W\n");
    assertThatThrownBy(() -> read(noHeader)).hasMessageContaining("no column 'timestamp'")
        .hasMessageContaining("noheader");
    assertThatThrownBy(() -> read(dir.resolve("absent.csv"))).hasMessageContaining("does not exist");
  }

  @Test
  void aLastLineStillBeingWrittenIsLeftOutWithAWarning() throws Exception {
    List<GpuRow> rows = new ArrayList<>();
    NvidiaSmiCsv.Read r = NvidiaSmiCsv.read(write(HEADER + "2026/12/01 17:00:00.000, 0, GPU-a, 10 %, 1 MiB, 100 W\n"
        + "2026/12/01 17:00:00.500, 0, GPU-a, 1"), UTC, rows::add);
    assertThat(rows).hasSize(1);
    assertThat(r.warnings()).singleElement().asString().contains("incomplete");
  }
}
