package io.llmload.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.report.RunArchive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderNameTest {

  @Test
  void startInUtcThenTheSafeLabel() {
    Instant start = Instant.parse("2026-12-01T23:30:05Z");
    assertThat(RunFolderName.of(start, "nightly h100/tp=2")).isEqualTo("20261201-233005-nightly-h100-tp-2");
    assertThat(RunFolderName.start("20261201-233005-nightly-h100-tp-2")).isEqualTo(start);
    assertThat(RunFolderName.start("index.html")).isNull();
  }

  @Test
  void aLongLabelIsBounded() {
    assertThat(RunFolderName.of(Instant.EPOCH, "x".repeat(300))).hasSize(16 + RunFolderName.MAX_LABEL);
  }

  @Test
  void theArchiveCarriesTheRunFoldersName(@TempDir Path tmp) throws Exception {
    Instant start = Instant.parse("2026-12-01T23:30:05Z");
    Path run = Files.createDirectories(tmp.resolve("out").resolve(RunFolderName.of(start, "tp=2")));
    Files.writeString(run.resolve(RunFiles.CALLS), "call_id\n");
    Path archived = RunArchive.archive(run, tmp.resolve("reports"), "tp=2", start);
    assertThat(archived.getFileName()).isEqualTo(run.getFileName());
  }
}
