package io.llmload.report;

import java.nio.file.Path;

/**
 * Writes the fixture run folder and its page: {@code RenderFixtureMain <folder> [label]}. Used to make
 * docs/llm-report.png (see docs/report.md).
 */
final class RenderFixtureMain {
  public static void main(String[] args) throws Exception {
    Path dir = new ReportFixture(100, 40, 42)
        .write(Path.of(args[0]), args.length > 1 ? args[1] : ReportFixture.HOSTILE_LABEL, true);
    System.out.println(LlmReportPage.write(dir));
  }
}
