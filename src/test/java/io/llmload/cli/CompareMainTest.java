package io.llmload.cli;

import io.llmload.report.CompareJsonReport;
import io.llmload.testing.SyntheticRun;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class CompareMainTest {
  @TempDir
  static Path dir;
  static Path a;
  static Path b;
  static Path slow;
  static Path other;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void runs() throws Exception {
    Path reports = dir.resolve("reports");
    a = new SyntheticRun().label("A").seed(51).calls(800).write(reports);
    b = new SyntheticRun().label("B").seed(52).calls(800).write(reports);
    slow = new SyntheticRun().label("SLOW").seed(53).calls(800).ttftFactor(1.4).write(reports);
    other = new SyntheticRun().label("OTHER users").seed(54).calls(800).set("llm.users", "80").write(reports);
  }

  private int run(String... kv) {
    Map<String, String> props = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      props.put(kv[i], kv[i + 1]);
    }
    props.putIfAbsent("compare.resamples", "500");
    return CompareMain.run(props, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void comparesTwoRunsPrintsMarkdownAndWritesHtmlNextToThem() throws Exception {
    assertThat(run("compare.runs", a + "," + b)).isEqualTo(CompareMain.OK);
    assertThat(out()).contains("## B vs baseline A").contains("### overall (")
        .contains("| metric | baseline | run | Δ | Δ% | 95% CI | verdict |").contains("| TTFT p95 (ms) |");
    Path html = a.getParent().resolve("compare-A_vs_B.html");
    assertThat(html).exists();
    String page = Files.readString(html);
    assertThat(page).contains("<svg").contains("TTFT p95").doesNotContain("NOT comparable")
        .doesNotContain("http://", "https://").doesNotContain("<script");
  }

  @Test
  void notComparableRunsAreFlaggedInRedAtTheTopOfTheHtml() throws Exception {
    Path out = dir.resolve("out");
    assertThat(run("compare.runs", a + "," + other, "compare.out", out.toString())).isEqualTo(CompareMain.OK);
    String page = Files.readString(out.resolve("compare-A_vs_OTHER_users.html"));
    int warn = page.indexOf("class=\"warn\"");
    assertThat(warn).isPositive().isLessThan(page.indexOf("<table"));
    assertThat(page).contains("NOT comparable").contains("llm.users: 50 (A) vs 80 (OTHER users)");
    assertThat(out()).contains("WARNING: NOT comparable");
    assertThat(err()).contains("NOT comparable");
  }

  @Test
  void regressionThresholdsGateTheRunWriteJUnitXmlAndExitOne() throws Exception {
    Path junit = dir.resolve("target/compare-junit.xml");
    int code = run("compare.runs", a + "," + slow, "compare.junit", junit.toString(),
        "llm.regression.ttftP95Pct", "10", "llm.regression.errorRatePct", "2");
    assertThat(code).isEqualTo(CompareMain.REGRESSION);
    assertThat(err()).contains("Regression gate vs baseline A: 1 of 2 checks failed").contains("overall TTFT p95");
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
    assertThat(doc.getDocumentElement().getAttribute("tests")).isEqualTo("2");
    assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("1");

    Path junit2 = dir.resolve("target/ok-junit.xml");
    assertThat(run("compare.runs", a + "," + b, "compare.junit", junit2.toString(),
        "llm.regression.ttftP95Pct", "10")).isEqualTo(CompareMain.OK);
    assertThat(junit2).exists();
  }

  @Test
  void writesTheSameComparisonAsJsonWithTheGateResult() throws Exception {
    Path out = dir.resolve("json");
    int code = run("compare.runs", a + "," + slow, "compare.out", out.toString(),
        "compare.junit", dir.resolve("target/json-junit.xml").toString(), "llm.regression.ttftP95Pct", "10");
    assertThat(code).isEqualTo(CompareMain.REGRESSION);
    Path file = out.resolve("compare-A_vs_SLOW.json");
    assertThat(out()).contains("JSON report: " + file);
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    assertThat(root.path("schema").asInt()).isEqualTo(CompareJsonReport.SCHEMA);
    JsonNode c = root.path("comparisons").get(0);
    assertThat(c.path("baseline").path("label").asText()).isEqualTo("A");
    assertThat(c.path("run").path("label").asText()).isEqualTo("SLOW");
    assertThat(c.path("comparable").asBoolean()).isTrue();
    JsonNode ttftP95 = null;
    int figures = 0;
    for (JsonNode f : c.path("groups").path("overall").path("figures")) {
      figures++;
      if (f.path("metric").asText().equals("ttft") && f.path("stat").asText().equals("p95")) {
        ttftP95 = f;
      }
    }
    assertThat(figures).isGreaterThan(10);
    // SLOW's TTFT is 1.4 times A's: the JSON says so, with the interval above zero
    assertThat(ttftP95).isNotNull();
    assertThat(ttftP95.path("verdict").asText()).isEqualTo("worse");
    assertThat(ttftP95.path("delta_pct").asDouble()).isBetween(20.0, 60.0);
    assertThat(ttftP95.path("ci_low").asDouble()).isPositive();
    assertThat(root.path("gate").path("passed").asBoolean()).isFalse();
    assertThat(root.path("gate").path("checks").get(0).path("name").asText()).contains("TTFT p95");

    assertThat(run("compare.runs", a + "," + b, "compare.out", out.toString())).isEqualTo(CompareMain.OK);
    JsonNode same = new ObjectMapper().readTree(out.resolve("compare-A_vs_B.json").toFile());
    assertThat(same.path("gate").isNull()).isTrue();
  }

  @Test
  void threeRunsCompareEachAgainstTheFirst() {
    assertThat(run("compare.runs", a + "," + b + "," + slow, "compare.out", dir.resolve("three").toString()))
        .isEqualTo(CompareMain.OK);
    assertThat(out()).contains("## B vs baseline A").contains("## SLOW vs baseline A");
    assertThat(dir.resolve("three/compare-A_vs_B_vs_SLOW.html")).exists();
  }

  @Test
  void badInputIsOneClearMessageAndExitTwo() {
    assertThat(run()).isEqualTo(CompareMain.BAD_INPUT);
    assertThat(err()).contains("no runs given").contains("-Dcompare.runs=");
    err.reset();
    assertThat(run("compare.runs", a.toString())).isEqualTo(CompareMain.BAD_INPUT);
    assertThat(err()).contains("names 1 run").contains("at least two");
    err.reset();
    assertThat(run("compare.runs", a + "," + dir.resolve("missing"))).isEqualTo(CompareMain.BAD_INPUT);
    assertThat(err()).contains("missing").contains("does not exist");
    err.reset();
    assertThat(run("compare.runs", a + "," + b, "llm.regression.ttft", "10")).isEqualTo(CompareMain.BAD_INPUT);
    assertThat(err()).contains("-Dllm.regression.ttft is not a regression threshold");
    err.reset();
    assertThat(run("compare.runs", a + "," + b, "compare.resamples", "lots")).isEqualTo(CompareMain.BAD_INPUT);
    assertThat(err()).contains("compare.resamples=lots");
    assertThat(err().lines().count()).isEqualTo(1);
  }

  @Test
  void unknownSettingsAreRefusedBeforeAnyRunIsRead() {
    assertThat(run("compare.runs", a + "," + b, "compare.outt", dir.resolve("typo").toString()))
        .isEqualTo(CompareMain.BAD_INPUT);
    assertThat(err()).contains("-Dcompare.outt is not a setting; did you mean -Dcompare.out?");
    assertThat(out()).isEmpty();
  }
}
