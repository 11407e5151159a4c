package io.llmload.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.sweep.SweepFixtures;
import io.llmload.sweep.SweepSummary;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep's console table and verdict, as recorded for each fixture sweep. */
class SweepRunConsoleTest {
  @Test
  void everyCasePrintsAsRecorded(@TempDir Path tmp) throws Exception {
    for (Map.Entry<String, SweepSummary> e : SweepFixtures.summaries(tmp).entrySet()) {
      assertThat(SweepRun.console(e.getValue())).as(e.getKey()).isEqualTo(SweepFixtures.expected(e.getKey(), "txt"));
    }
  }
}
