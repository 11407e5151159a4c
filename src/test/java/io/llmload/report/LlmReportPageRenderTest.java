package io.llmload.report;

import io.llmload.metrics.Numbers;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders llm-report.html in headless Chromium and checks what a user would see. */
class LlmReportPageRenderTest {
  @TempDir
  Path tmp;

  @BeforeAll
  static void chromium() {
    HeadlessChromium.requireInstalled();
  }

  @Test
  void fullRunDrawsEveryChartWithoutErrorsAndShowsTheSummaryFigures() throws Exception {
    ReportFixture fixture = new ReportFixture(100, 40, 42);
    Path run = fixture.write(tmp.resolve("run"), ReportFixture.HOSTILE_LABEL, true);
    Path page = LlmReportPage.write(run);
    String html = Files.readString(page, StandardCharsets.UTF_8);
    assertThat(html).doesNotContain("sk-should-never-appear");
    // self-contained: nothing is loaded from anywhere (the page's CSP would also block it)
    assertThat(html).doesNotContainPattern("<(script|link|img|iframe)\\s[^>]*(src|href)=");

    String dom = HeadlessChromium.dumpDom(page);

    assertThat(attr(dom, "data-js-errors")).as("script errors recorded on the page: %s", errors(dom)).isEqualTo("0");
    assertThat(attr(dom, "data-charts-expected")).isEqualTo("9");
    assertThat(attr(dom, "data-report-status")).isEqualTo("charts-ok:9");
    assertThat(count(dom, "<canvas")).isGreaterThanOrEqualTo(9);
    assertThat(count(dom, "class=\"nodata\"")).as("charts or sections without data").isZero();
    // a user label cannot inject markup or script: it is shown as text and its script never ran
    assertThat(dom.contains("data-pwned=\"")).as("the label's injected script ran").isFalse();
    assertThat(dom).contains("nightly &lt;b&gt;&amp;amp;&lt;/b&gt; \"q\" &lt;/script&gt;&lt;script&gt;document");
    assertThat(dom.contains("<img src=\"x\"")).as("a config value became an element").isFalse();

    // the table shows the fixture's own figure: TTFT p95 over all calls, nearest rank, computed independently
    double p95 = ReportFixture.nearestRank(sorted(fixture.values("overall", ReportFixture.FixtureCall::ttft)), 95);
    assertThat(cell(dom, "groups.overall.ttft_ms.p95")).isEqualTo(Numbers.rounded(p95, 2));
    assertThat(Double.parseDouble(cell(dom, "groups.overall.ttft_ms.p95"))).isBetween(150.0, 400.0);
    assertThat(cell(dom, "overview.overall.calls")).isEqualTo("300");
    assertThat(cell(dom, "overview.single.failed")).isEqualTo("3");
    // client − server gap: client p95 minus the fixture's server p95 (240), read from server.latency as written
    assertThat(cell(dom, "server.ttft_ms.p95")).isEqualTo("240");
    assertThat(cell(dom, "gap.ttft_ms.p95")).isEqualTo(Numbers.rounded(p95 - 240.0, 2));
    assertThat(cell(dom, "server.queue_ms.p95")).as("a latency only the server sees").isEqualTo("12.5");
    assertThat(dom).doesNotContain("server.prefill_ms.").as("a histogram without observations has no row")
        .doesNotContain("server.tpot_ms.").as("a histogram the server does not export has no row");
    // the server's figures are a table with units, not its keys
    String load = section(dom, "id=\"server-load\"", "</table>");
    assertThat(load).contains("KV cache usage (max)").contains("tokens/s").contains(">%<").contains(">requests<");
    assertThat(cell(dom, "server.max_kv_cache_usage_perc")).isEqualTo("42.3");
    assertThat(cell(dom, "server.generation_tokens_per_s")).isNotEqualTo("—");
    assertThat(section(dom, "Server-side figures", "Client health")).doesNotContain("window.start_ms")
        .doesNotContain("max_requests_running<").doesNotContain("quantile_note");

    assertThat(dom).contains("FAILED: 1 of 2 assertions failed");
    assertThat(dom).contains("Some measured stamps may be late").doesNotContain("The client was saturated")
        .contains("12 calls' TTFT may be late by up to 40 ms: the client paused at T+31.2 s for 40 ms");
    assertThat(dom).contains("(e2e − ttft) / (output_tokens − 1)").contains("output_tokens / (e2e − ttft) × 1000");
    assertThat(dom).contains("simulator (profile h100-llama8b)").contains("meta-llama/Llama-3.1-8B-Instruct");

    Path png = Path.of("target", "llm-report-fixture.png");
    HeadlessChromium.screenshot(page, png, 1400, 2400);
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes.length).isGreaterThan(50_000);
    assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
  }

  @Test
  void runWithoutOptionalFilesSaysWhyEachMissingChartIsEmpty() throws Exception {
    Path run = new ReportFixture(30, 6, 7).write(tmp.resolve("bare"), "bare run", false);
    Path page = LlmReportPage.write(run);

    String dom = HeadlessChromium.dumpDom(page);

    assertThat(attr(dom, "data-js-errors")).as("script errors: %s", errors(dom)).isEqualTo("0");
    assertThat(attr(dom, "data-charts-expected")).isEqualTo("6");
    assertThat(attr(dom, "data-report-status")).isEqualTo("charts-ok:6");
    assertThat(dom).contains("no data: llm-itl.csv is absent from the run folder");
    assertThat(count(dom, "no data: server-metrics.csv is absent")).isEqualTo(2);
    assertThat(dom).doesNotContain("Server-side figures").doesNotContain("SLO attainment");
  }

  @Test
  void aRunOfSingleCallsOnlyShowsNoAgentGroups() throws Exception {
    Path run = new ReportFixture(60, 0, 11).write(tmp.resolve("single"), "single only", true);
    Path page = LlmReportPage.write(run);

    String dom = HeadlessChromium.dumpDom(page);

    assertThat(attr(dom, "data-js-errors")).as("script errors: %s", errors(dom)).isEqualTo("0");
    assertThat(cell(dom, "overview.single.calls")).isEqualTo("60");
    assertThat(dom).doesNotContain("data-key=\"overview.agent").doesNotContain("id=\"group-agent")
        .doesNotContain("data-key=\"slo.agent");
    assertThat(dom).contains("no calls in agent, agent_step_1, agent_step_2, agent_step_3, agent_step_4, agent_step_5");
    // the percentile bar charts have a category per group with calls only
    assertThat(count(dom, "\"categories\":[\"overall\",\"single\"]")).isEqualTo(2);
    assertThat(dom).doesNotContain("\"agent_step_1\"");
    Path png = Path.of("target", "llm-report-single-only.png");
    HeadlessChromium.screenshot(page, png, 1400, 1600);
    assertThat(Files.size(png)).isGreaterThan(50_000);
  }

  @Test
  void aChartThatFailsToDrawIsCaughtAndShownOnThePage() throws Exception {
    Path run = new ReportFixture(30, 6, 7).write(tmp.resolve("broken"), "broken", true);
    Path page = LlmReportPage.write(run);
    // sabotage one chart the way a bug in report.js would: the page must say so, and so must the test hooks
    String html = Files.readString(page, StandardCharsets.UTF_8);
    assertThat(html).contains("\"kind\":\"scatter\"");
    Files.writeString(page, html.replace("\"kind\":\"scatter\"", "\"kind\":\"no-such-kind\""), StandardCharsets.UTF_8);

    String dom = HeadlessChromium.dumpDom(page);

    assertThat(attr(dom, "data-js-errors")).isEqualTo("1");
    assertThat(attr(dom, "data-report-status")).isEqualTo("charts-ok:8");
    assertThat(errors(dom)).contains("chart ttft_vs_input").doesNotContain(" hidden");
  }

  private static double[] sorted(double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    return s;
  }

  static String attr(String dom, String name) {
    Matcher m = Pattern.compile("<html[^>]*\\s" + Pattern.quote(name) + "=\"([^\"]*)\"").matcher(dom);
    return m.find() ? m.group(1) : null;
  }

  static String cell(String dom, String key) {
    Matcher m = Pattern.compile("data-key=\"" + Pattern.quote(key) + "\">([^<]*)<").matcher(dom);
    return m.find() ? m.group(1) : null;
  }

  private static String errors(String dom) {
    int i = dom.indexOf("id=\"report-errors\"");
    return i < 0 ? "(no error box)" : dom.substring(i, Math.min(dom.length(), i + 2000));
  }

  /** The part of the DOM from {@code from} up to the next {@code to}. */
  static String section(String dom, String from, String to) {
    int a = dom.indexOf(from);
    assertThat(a).as("%s on the page", from).isNotNegative();
    int b = dom.indexOf(to, a + from.length());
    return dom.substring(a, b < 0 ? dom.length() : b);
  }

  static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
