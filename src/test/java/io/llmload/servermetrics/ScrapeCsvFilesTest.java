package io.llmload.servermetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmload.run.FullDisk;
import io.llmload.run.RunFolder;
import io.llmload.run.ServerMetricsRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScrapeCsvFilesTest {
  @TempDir
  Path dir;

  private static ServerMetricsRow row(long timeMs) {
    return new ServerMetricsRow(timeMs, 0, 2.0, 1.0, 0.25, 50.0, 120.5, 0.0, 0.0, 0.5, 10.0, true, false);
  }

  @Test
  void aFullDiskLosesWholeRowsOnlyAndRowsAfterwardsReadBack() throws Exception {
    FullDisk disk = new FullDisk(600); // both headers and a few rows, then full
    List<Long> written = new ArrayList<>();
    int failures = 0;
    try (ScrapeCsvFiles files = new ScrapeCsvFiles(dir, disk.opener())) {
      for (long t = 1000; t < 1020; t++) {
        try {
          files.append(row(t), null);
          written.add(t);
        } catch (IOException e) {
          failures++;
          assertThat(e).hasMessageContaining("No space left");
        }
        if (t == 1014) {
          disk.free(10_000); // space freed: the next rows go on after the last whole one
        }
      }
      assertThatThrownBy(() -> new ScrapeCsvFiles(dir.resolve("full"), new FullDisk(3).opener()))
          .isInstanceOf(IOException.class);
    }
    assertThat(failures).isGreaterThan(0);
    RunFolder folder = RunFolder.open(dir);
    assertThat(folder.serverSamples()).extracting(ServerMetricsRow::timeMs).containsExactlyElementsOf(written);
    assertThat(folder.warnings()).isEmpty();
  }
}
