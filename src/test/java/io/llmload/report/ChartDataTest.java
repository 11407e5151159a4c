package io.llmload.report;

import io.llmload.run.ServerMetricsRow;
import io.llmload.run.CallRow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartDataTest {
  private static final long T = 1_750_000_000_000L;
  @TempDir
  Path tmp;

  private static CallRow call(long start, Double ttft, Double e2e, Double out, boolean ok) {
    Long outputTokens = out == null ? null : Math.round(out);
    return new CallRow(1, "single", null, 0, "heavy", null, start, 1000L, null, null, outputTokens, null, null, null,
        ttft, null, e2e, null, null, null, null, null, 200, null, ok, null, null);
  }

  private static ServerMetricsRow server(long time, int url, Double running, Double waiting, Double kv, Double gen) {
    return new ServerMetricsRow(time, url, running, waiting, kv, null, gen, null, null, null, null, true, false);
  }

  @Test
  void activeStreamsAreTimeWeightedMeansAndPeaksPerSecond() {
    List<CallRow> calls = List.of(call(T, 100.0, 1500.0, 10.0, true), call(T + 1200, 100.0, 1300.0, 10.0, true));
    Timeline.Buckets b = Timeline.buckets(T, T + 2500, 2000);

    assertThat(b.count()).isEqualTo(3);
    assertThat(Timeline.activeMean(calls, b)).containsExactly(new double[] {1.0, 1.3, 0.5}, within(1e-9));
    assertThat(Timeline.activePeak(calls, b)).containsExactly(1, 2, 1);
  }

  @Test
  void aCallSpanningEmptyBucketsCountsInEveryOneOfThem() {
    List<CallRow> calls = List.of(call(T, 10.0, 4000.0, 10.0, true), call(T + 3500, 10.0, 100.0, 1.0, true));
    Timeline.Buckets b = Timeline.buckets(T, T + 4000, 2000);
    assertThat(Timeline.activePeak(calls, b)).containsExactly(1, 1, 1, 2);
  }

  @Test
  void clientTokenRateConservesEveryOkCallsOutputTokens() {
    Random rnd = new Random(5);
    List<CallRow> calls = new ArrayList<>();
    double expected = 0;
    for (int i = 0; i < 500; i++) {
      double ttft = 50 + rnd.nextInt(500);
      double e2e = ttft + rnd.nextInt(8000);
      double out = 1 + rnd.nextInt(600);
      boolean ok = i % 50 != 0;
      calls.add(call(T + rnd.nextInt(60_000), ttft, e2e, out, ok));
      expected += ok ? out : 0;
    }
    Timeline.Buckets b = Timeline.buckets(T, T + 70_000, 2000);

    double[] rate = Timeline.clientOutputTokensPerS(calls, b);

    double total = 0;
    for (double r : rate) {
      total += r * b.widthMs() / 1000.0;
    }
    assertThat(total).isCloseTo(expected, within(1e-6 * expected));
  }

  @Test
  void tokensAreSpreadOverTheStreamingWindowOnly() {
    // 100 tokens from start+1000 to start+3000: 50 tokens/s in seconds 1 and 2, none in second 0
    Timeline.Buckets b = Timeline.buckets(T, T + 3000, 2000);
    double[] rate = Timeline.clientOutputTokensPerS(List.of(call(T, 1000.0, 3000.0, 100.0, true)), b);
    assertThat(rate).containsExactly(new double[] {0, 50, 50}, within(1e-9));
  }

  @Test
  void longRunsWidenBucketsToStayUnderTheCap() {
    Timeline.Buckets b = Timeline.buckets(T, T + 3 * 3600_000L, ChartData.MAX_POINTS);
    assertThat(b.count()).isLessThanOrEqualTo(ChartData.MAX_POINTS);
    assertThat(b.widthMs()).isEqualTo(6000);
  }

  @Test
  void serverValuesAreAveragedPerServerThenSummedAcrossServers() {
    List<ServerMetricsRow> s = List.of(
        server(T, 0, 4.0, 0.0, 0.5, 100.0),
        server(T + 500, 0, 6.0, 0.0, 0.5, 100.0),
        server(T + 200, 1, 3.0, 1.0, 0.2, null),
        server(T + 2100, 0, 1.0, null, null, 10.0));
    Timeline.Buckets b = Timeline.buckets(T, T + 2100, 2000);

    assertThat(Timeline.serverSum(s, b, ServerMetricsRow::requestsRunning)).containsExactly(8.0, null, 1.0);
    assertThat(Timeline.serverSum(s, b, ServerMetricsRow::generationTokensPerS)).containsExactly(100.0, null, 10.0);
    assertThat(Timeline.serverSum(List.of(s.get(2)), b, ServerMetricsRow::generationTokensPerS)).isNull();
  }

  @Test
  void anEmptyRunFolderStillGivesAPageThatSaysWhatIsMissing() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    String html = Files.readString(LlmReportPage.write(empty), StandardCharsets.UTF_8);
    assertThat(html).contains("llm-summary.json is missing").contains("llm-calls.csv is absent or empty")
        .contains("server-metrics.csv is absent");
  }

  @Test
  void groupsAreOrderedOverallScenariosStepsThenLevelsNumerically() throws Exception {
    JsonNode groups = new ObjectMapper().readTree("{\"level_16\":{},\"agent_step_2\":{},\"level_4\":{},\"agent\":{},"
        + "\"overall\":{},\"agent_step_1\":{},\"single\":{}}");
    assertThat(ReportGroups.ordered(groups))
        .containsExactly("overall", "single", "agent", "agent_step_1", "agent_step_2", "level_4", "level_16");
  }

  @Test
  void aTenThousandCallRunStaysUnderTwoThousandPointsPerSeriesAndAPageOfAFewHundredKb() throws Exception {
    ReportFixture big = new ReportFixture(5000, 1000, 11); // 5,000 single + 5,000 agent calls
    Path run = big.write(tmp.resolve("big"), "big", true);
    ChartInputs data = ChartInputs.load(run);
    JsonNode summary = LlmReportPage.readSummary(run);

    List<Map<String, Object>> charts = ChartData.all(summary, data);

    assertThat(data.calls).hasSize(10_000);
    for (Map<String, Object> c : charts) {
      assertThat(c).as("chart %s", c.get("id")).doesNotContainKey("nodata");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> series = (List<Map<String, Object>>) c.get("series");
      for (Map<String, Object> s : series) {
        Object values = s.get("values");
        int n = values instanceof double[] d ? d.length : values instanceof Object[] o ? o.length : ((List<?>) values).size();
        long nonNull = values instanceof List<?> l ? l.stream().filter(v -> v != null).count() : n;
        assertThat(nonNull).as("points of %s / %s", c.get("id"), s.get("label")).isLessThanOrEqualTo(ChartData.MAX_POINTS);
      }
    }
    Map<String, Object> scatter = charts.stream().filter(c -> c.get("id").equals("ttft_vs_input")).findFirst().orElseThrow();
    long reachedFirstToken = big.calls.stream().filter(c -> c.ttft() != null).count();
    assertThat(reachedFirstToken).isBetween(9800L, 9900L); // the fixture fails 1 in 37 single calls
    assertThat((String) scatter.get("note")).isEqualTo("4000 of " + reachedFirstToken + " calls shown (even stride per scenario)");

    long bytes = Files.size(LlmReportPage.write(run));
    assertThat(bytes).isLessThan(400_000); // measured: ~180 KB, of which uPlot is 50 KB
    assertThat(Files.readString(run.resolve("llm-report.html"), StandardCharsets.UTF_8)).contains("charts-ok");
  }
}
