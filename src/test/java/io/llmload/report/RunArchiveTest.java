package io.llmload.report;

import io.llmload.run.RunFolderName;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunArchiveTest {
  @TempDir
  Path tmp;

  private Path gatlingRun(String name, String label, int singles, long seed) throws Exception {
    Path run = new ReportFixture(singles, 2, seed).write(tmp.resolve("target/gatling/" + name), label, true);
    Files.writeString(run.resolve("index.html"), "<html>gatling</html>");
    Files.createDirectories(run.resolve("js"));
    Files.writeString(run.resolve("js/stats.js"), "var stats = {};");
    return run;
  }

  @Test
  void copiesTheWholeRunFolderUnderATimeAndLabelName() throws Exception {
    Path run = gatlingRun("mixed-1", "nightly", 10, 1);
    Path reports = tmp.resolve("reports");

    Files.writeString(run.resolve(".llm-summary.json.k3x9.tmp"), "{\"half"); // left by a killed writer
    Path dest = RunArchive.archive(run, reports, "nightly h100/tp=2", Instant.parse("2025-06-15T15:06:40Z"));

    assertThat(dest.getFileName().toString()).isEqualTo("20250615-150640-nightly-h100-tp-2");
    for (String f : new String[] {"llm-summary.json", "llm-calls.csv", "llm-itl.csv", "server-metrics.csv", "run.json",
        "index.html", "js/stats.js"}) {
      assertThat(dest.resolve(f)).hasSameBinaryContentAs(run.resolve(f));
    }
    // the run had no page yet: the archive gets one
    assertThat(dest.resolve("llm-report.html")).isRegularFile();
    assertThat(reports.resolve("index.html")).isRegularFile();
    assertThat(dest.resolve(".llm-summary.json.k3x9.tmp")).doesNotExist();
  }

  @Test
  void neverOverwritesAnEarlierArchiveOfTheSameSecondAndLabel() throws Exception {
    Path run = gatlingRun("mixed-1", "a", 10, 1);
    Path reports = tmp.resolve("reports");
    Instant t = Instant.parse("2025-06-15T15:06:40Z");

    Path first = RunArchive.archive(run, reports, "x", t);
    Files.writeString(first.resolve("marker.txt"), "first");
    Path second = RunArchive.archive(run, reports, "x", t);
    Path third = RunArchive.archive(run, reports, "x", t);

    assertThat(second.getFileName().toString()).isEqualTo("20250615-150640-x-2");
    assertThat(third.getFileName().toString()).isEqualTo("20250615-150640-x-3");
    assertThat(first.resolve("marker.txt")).hasContent("first");
    assertThat(second.resolve("marker.txt")).doesNotExist();
  }

  @Test
  void indexListsEveryArchivedRunNewestFirstWithEscapedLabelsAndLinks() throws Exception {
    Path reports = tmp.resolve("reports");
    Path older = gatlingRun("old", "older run", 10, 1);
    Path newer = gatlingRun("new", "<script>alert(1)</script> & co", 20, 2);
    // summary started_at decides the order, not the archiving order
    rewriteStartedAt(older, "2025-06-14T10:00:00Z");
    rewriteStartedAt(newer, "2025-06-15T10:00:00Z");
    RunArchive.archive(newer, reports, "newer", Instant.parse("2025-06-15T10:00:00Z"));
    RunArchive.archive(older, reports, "older", Instant.parse("2025-06-14T10:00:00Z"));
    Files.createDirectories(reports.resolve("not-a-run"));

    String index = Files.readString(reports.resolve("index.html"), StandardCharsets.UTF_8);

    int newerRow = index.indexOf("data-folder=\"20250615-100000-newer\"");
    int olderRow = index.indexOf("data-folder=\"20250614-100000-older\"");
    assertThat(newerRow).isPositive();
    assertThat(olderRow).isGreaterThan(newerRow);
    assertThat(RunArchiveTest.count(index, "<tr class=\"run\"")).isEqualTo(2);
    assertThat(index).doesNotContain("<script>alert(1)</script>").contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co");
    assertThat(index).contains("<a href=\"20250615-100000-newer/llm-report.html\">")
        .contains("<a href=\"20250615-100000-newer/index.html\">Gatling</a>");
    assertThat(index).doesNotContainPattern("<(script|link|img)\\s");
    // headline figures of the newer run: 30 calls (20 single + 2 agent sessions x 5 steps), 20 users (llm.users)
    String row = index.substring(newerRow, index.indexOf("</tr>", newerRow));
    assertThat(row).contains("<td>30</td>").contains("<td>20</td>").contains("meta-llama/Llama-3.1-8B-Instruct");
  }

  @Test
  void anUnreadableSummaryIsListedWithTheProblemInsteadOfBreakingTheIndex() throws Exception {
    Path reports = tmp.resolve("reports");
    Path broken = Files.createDirectories(reports.resolve("20250101-000000-broken"));
    Files.writeString(broken.resolve("llm-summary.json"), "{ not json");

    String index = Files.readString(RunArchive.writeIndex(reports), StandardCharsets.UTF_8);

    assertThat(index).contains("data-folder=\"20250101-000000-broken\"").contains("llm-summary.json unreadable");
  }

  @Test
  void sanitizesLabelsIntoSafeFolderNames() {
    assertThat(RunFolderName.safeLabel("nightly h100/tp=2")).isEqualTo("nightly-h100-tp-2");
    assertThat(RunFolderName.safeLabel("../../etc/passwd")).isEqualTo("etc-passwd");
    assertThat(RunFolderName.safeLabel("")).isEqualTo("run");
    assertThat(RunFolderName.safeLabel(null)).isEqualTo("run");
    assertThat(RunFolderName.safeLabel("名前")).isEqualTo("run");
    assertThat(RunFolderName.safeLabel("x".repeat(200))).hasSize(RunFolderName.MAX_LABEL);
  }

  @Test
  void anArchiveInsideTheRunFolderIsNotCopiedIntoItself() throws Exception {
    Path run = gatlingRun("self", "self", 5, 3);
    Path reports = run.resolve("reports");
    Path first = RunArchive.archive(run, reports, "a", Instant.parse("2025-06-15T10:00:00Z"));
    Path second = RunArchive.archive(run, reports, "b", Instant.parse("2025-06-15T10:00:01Z"));

    assertThat(second.resolve("reports")).doesNotExist();
    assertThat(first.resolve("llm-calls.csv")).isRegularFile();
  }

  private static void rewriteStartedAt(Path run, String startedAt) throws Exception {
    Path f = run.resolve("llm-summary.json");
    String s = Files.readString(f).replace("2025-06-15T15:06:40Z", startedAt);
    Files.writeString(f, s);
  }

  static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
