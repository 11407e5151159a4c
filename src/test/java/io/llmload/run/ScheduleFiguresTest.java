package io.llmload.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.metrics.CallResult;
import io.llmload.metrics.CallSchedule;
import io.llmload.metrics.GroupStats;
import io.llmload.workload.CallSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import io.llmload.testing.CallsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-call schedule figures: appended CSV columns, per-group percentiles, and the behind-schedule warning;
 * and the appended replica column.
 */
class ScheduleFiguresTest {
  private static CallResult call(long id, CallSchedule schedule) {
    CallResult r = new CallResult(new CallSpec(id, "single", id, 0, "heavy", null, 100, 10), 1000, 100, 10, 10, 10,
        50L, 50L, 100L, new int[] {5, 5}, 200, "length", true, null, "x", "x", "chatcmpl-" + id);
    return schedule == null ? r : r.withSchedule(schedule);
  }

  @Test
  void scheduledCallsGetTheirColumnsAndOthersLeaveThemEmpty(@TempDir Path dir) {
    try (CallsCsvWriter w = new CallsCsvWriter(dir)) {
      w.write(call(1, new CallSchedule(990, 2.5, 7.4567)), 10);
      w.write(call(2, null), 10);
    }
    List<Map<String, String>> rows = CallsFile.read(dir.resolve(RunFiles.CALLS));
    List<String> columns = List.of(CallsCsvWriter.COLUMNS);
    int after = columns.indexOf("response_id"); // later columns are appended after these
    assertThat(columns.subList(after, after + 4)).containsExactly("response_id", "intended_ms", "queue_ms", "dispatch_delay_ms");
    assertThat(rows.get(0)).containsEntry("intended_ms", "990").containsEntry("queue_ms", "2.5")
        .containsEntry("dispatch_delay_ms", "7.457");
    assertThat(rows.get(1)).containsEntry("intended_ms", null).containsEntry("dispatch_delay_ms", null);
  }

  @Test
  void groupsReportScheduleFiguresOnlyWhenScheduled() {
    GroupStats plain = new GroupStats();
    plain.add(call(1, null), true);
    assertThat(plain.summary(1)).doesNotContainKeys("queue_ms", "dispatch_delay_ms");
    GroupStats scheduled = new GroupStats();
    for (int i = 1; i <= 100; i++) {
      scheduled.add(call(i, new CallSchedule(0, i, i / 10.0)), true);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> dispatch = (Map<String, Object>) scheduled.summary(1).get("dispatch_delay_ms");
    assertThat(dispatch).containsEntry("count", 100).containsEntry("p99", 9.9).containsEntry("max", 10.0);
    assertThat(RunRecorder.behindSchedule(scheduled)).as("10 ms is not behind").isNull();
    assertThat(RunRecorder.behindSchedule(plain)).isNull();
    scheduled.add(call(101, new CallSchedule(0, 0, 250)), true);
    assertThat(RunRecorder.behindSchedule(scheduled)).startsWith("the run fell behind its schedule: calls were sent"
        + " up to 250.0 ms late (dispatch delay p99 10.0 ms, p50 5.1 ms, over 101 scheduled calls");
  }

  @Test
  void theReplicaColumnIsReadBackAndEmptyForOneServer(@TempDir Path dir) {
    try (CallsCsvWriter w = new CallsCsvWriter(dir)) {
      w.write(call(1, null).withReplica("http://127.0.0.1:8001"), 10);
      w.write(call(2, null), 10);
    }
    assertThat(List.of(CallsCsvWriter.COLUMNS)).endsWith("dispatch_delay_ms", "replica", "sent_ms", "send_delay_ms");
    List<CallRow> rows = RunFolder.open(dir).calls();
    assertThat(rows.get(0).replica()).isEqualTo("http://127.0.0.1:8001");
    assertThat(rows.get(1).replica()).isNull();
  }
}
