package io.llmload.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.testing.Slow;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak benchmark, short: a closed population of short calls held for 60 s against the simulator in its own
 * JVM. The client's live heap (after a full GC, every 5 s) must not grow with the calls finished: a leak of
 * anything per call (its prompt, its streamed text, its meter, a Gatling session) would cost kilobytes per
 * call; the exact per-call distributions the suite keeps cost about 0.2 KB. The hour-long run is
 * SoakBenchmark's (README, "Scale and efficiency").
 */
@Slow
class ShortSoakTest {
  @Test
  void liveHeapStaysFlatAsCallsFinish(@TempDir Path tmp) throws Exception {
    Map<String, Object> r = SoakBenchmark.run(60, 40, 5, 50, 5, tmp, Map.of(
        "llm.output.min", "20", "llm.output.max", "40", "llm.agent.output", "10-20,10-20,10-20,10-20,10-20",
        "llm.input.min", "200", "llm.input.max", "400", "llm.agent.input", "100-200,100-200,100-200,100-200,100-200",
        "llm.thinkMinSeconds", "0.01", "llm.thinkMaxSeconds", "0.05", "llm.metricsUrl", "off"));
    System.out.println("short soak: " + r);
    assertThat(r.get("gatling_exit")).isEqualTo(0);
    assertThat((Integer) r.get("steady_samples")).isGreaterThanOrEqualTo(6);
    long calls = ((Number) r.get("calls_finished")).longValue();
    assertThat(calls).as("calls finished in 60 s").isGreaterThan(2000);
    assertThat(((Number) r.get("live_heap_bytes_per_finished_call")).longValue())
        .as("live heap retained per finished call").isLessThan(2048);
    @SuppressWarnings("unchecked")
    List<Long> firstLast = ((List<Number>) r.get("live_heap_mb_first_last")).stream().map(Number::longValue).toList();
    assertThat(firstLast.get(1)).as("live heap at the end of the hold vs after its first quarter, MB")
        .isLessThanOrEqualTo(firstLast.get(0) + 16);
  }
}
