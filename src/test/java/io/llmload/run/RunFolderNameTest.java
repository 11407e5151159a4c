package io.llmload.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.report.RunArchive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

  @Test
  void twoRunsInTheSameSecondWithTheSameLabelGetTwoFolders(@TempDir Path tmp) throws Exception {
    Instant start = Instant.parse("2026-12-01T23:30:05Z");
    Path first = RunFolderName.create(tmp, start, "nightly");
    Path second = RunFolderName.create(tmp, start, "nightly");
    assertThat(first.getFileName()).hasToString("20261201-233005-nightly");
    assertThat(second.getFileName()).hasToString("20261201-233005-nightly-2");
    // at once from 8 threads: 8 folders, none shared
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Path>> made = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        made.add(pool.submit(() -> {
          go.await();
          return RunFolderName.create(tmp, start, "burst");
        }));
      }
      go.countDown();
      Set<Path> folders = new HashSet<>();
      for (Future<Path> f : made) {
        folders.add(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(folders).hasSize(8).allMatch(Files::isDirectory);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aVeryLongLabelStillMakesAFolder(@TempDir Path tmp) {
    Path dir = RunFolderName.create(tmp, Instant.EPOCH, "nightly h100/" + "x".repeat(300));
    assertThat(dir).isDirectory();
    assertThat(dir.getFileName().toString()).hasSize(16 + RunFolderName.MAX_LABEL).startsWith("19700101-000000-nightly-h100-x");
  }
}
