package io.llmload.report;

import java.nio.file.Path;

/** Manual helper: writes the fixture run folder and its page to the given folder. */
final class RenderFixtureMain {
  public static void main(String[] args) throws Exception {
    Path dir = new ReportFixture(100, 40, 42).write(Path.of(args[0]), ReportFixture.HOSTILE_LABEL, true);
    System.out.println(LlmReportPage.write(dir));
  }
}
