package io.llmload.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JUnitXmlWriterTest {
  @TempDir
  Path dir;

  private static final List<Check> CHECKS = List.of(
      Check.pass("overall TTFT p95", "no significant change", 1.5, 10.0),
      Check.fail("overall E2E p95 <&> \"quoted\" 'apos'", "E2E p95 412 → 516 ms\nsecond line & <tag> \u0001bell",
          25.3, 10.0),
      Check.fail("error rate", "rose by 2 pp", null, null));

  @Test
  void writesWellFormedJUnitXmlThatParsesBackWithCountsAndMessages() throws Exception {
    Path file = dir.resolve("sub/compare-junit.xml");
    JUnitXmlWriter.write(file, "regression vs base & co", CHECKS);
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    Element suite = doc.getDocumentElement();
    assertThat(suite.getTagName()).isEqualTo("testsuite");
    assertThat(suite.getAttribute("name")).isEqualTo("regression vs base & co");
    assertThat(suite.getAttribute("tests")).isEqualTo("3");
    assertThat(suite.getAttribute("failures")).isEqualTo("2");
    NodeList cases = suite.getElementsByTagName("testcase");
    assertThat(cases.getLength()).isEqualTo(3);
    Element second = (Element) cases.item(1);
    assertThat(second.getAttribute("name")).isEqualTo("overall E2E p95 <&> \"quoted\" 'apos'");
    Element failure = (Element) second.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message")).isEqualTo("E2E p95 412 → 516 ms\nsecond line & <tag> \uFFFDbell");
    assertThat(failure.getTextContent()).contains("observed: 25.3").contains("threshold: 10.0");
    assertThat(((Element) cases.item(0)).getElementsByTagName("failure").getLength()).isZero();
    assertThat(((Element) cases.item(2)).getElementsByTagName("failure").getLength()).isEqualTo(1);
  }

  @Test
  void emptyListIsAValidEmptySuite() throws Exception {
    Path file = dir.resolve("empty.xml");
    JUnitXmlWriter.write(file, "none", List.of());
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    assertThat(doc.getDocumentElement().getAttribute("tests")).isEqualTo("0");
    assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("0");
  }

  @Test
  void messageNamesEveryFailedCheckAndOnlyThose() {
    String msg = VerdictFormatter.describe("Regression gate", CHECKS);
    assertThat(msg).startsWith("Regression gate: 2 of 3 checks failed");
    assertThat(msg).contains("overall E2E p95").contains("error rate: rose by 2 pp");
    assertThat(msg).doesNotContain("overall TTFT p95");
    assertThat(msg.lines()).hasSize(3);
    assertThat(VerdictFormatter.describe("SLO", List.of(CHECKS.get(0)))).isEqualTo("SLO: all 1 check passed");
  }

  @Test
  void exceptionOnlyWhenSomethingFailed() {
    VerdictException.throwIfAnyFailed("SLO", List.of(CHECKS.get(0)));
    assertThatThrownBy(() -> VerdictException.throwIfAnyFailed("SLO", CHECKS))
        .isInstanceOf(VerdictException.class)
        .hasMessageContaining("2 of 3 checks failed")
        .satisfies(e -> assertThat(((VerdictException) e).failedChecks()).hasSize(2));
  }

  @Test
  void checkNeedsAName() {
    assertThatThrownBy(() -> Check.pass(" ", "x", null, null)).isInstanceOf(IllegalArgumentException.class);
  }
}
