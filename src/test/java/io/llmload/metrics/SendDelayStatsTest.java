package io.llmload.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.workload.CallSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary's send_delay_ms block: ok calls with a write stamp, nearest rank, null without a sample. */
class SendDelayStatsTest {
  private static CallResult call(int id, boolean ok, Double sendDelayMs) {
    CallResult r = new CallResult(new CallSpec(id, "single", id, 0, "heavy", null, 100, 10), 1000, null, 10, 10, 10,
        ok ? 50L : null, ok ? 50L : null, ok ? 100L : null, new int[] {5}, ok ? 200 : 500, null, ok,
        ok ? null : "HTTP 500", "", "", null);
    return sendDelayMs == null ? r : r.withSend(new CallSend(1000 + sendDelayMs, sendDelayMs));
  }

  @Test
  void okCallsWithAStampMakeTheSendDelayPercentiles() {
    GroupStats g = new GroupStats();
    for (int i = 1; i <= 10; i++) {
      g.add(call(i, true, i * 0.5), true);
    }
    g.add(call(11, true, null), true); // no stamp (e.g. HTTP/2): not a zero
    g.add(call(12, false, 99.0), false); // failed: statistics use ok calls
    @SuppressWarnings("unchecked")
    Map<String, Object> s = (Map<String, Object>) g.summary(1).get("send_delay_ms");
    assertThat(s.get("count")).isEqualTo(10);
    assertThat(s.get("p50")).isEqualTo(2.5);
    assertThat(s.get("p99")).isEqualTo(5.0);
    assertThat(s.get("max")).isEqualTo(5.0);
    assertThat(g.sendDelayPercentile(90)).isEqualTo(4.5);
  }

  @Test
  void withoutStampsTheFigureIsNullNotZero() {
    GroupStats g = new GroupStats();
    g.add(call(1, true, null), true);
    @SuppressWarnings("unchecked")
    Map<String, Object> s = (Map<String, Object>) g.summary(1).get("send_delay_ms");
    assertThat(s.get("count")).isEqualTo(0);
    assertThat(s.get("p50")).isNull();
  }
}
