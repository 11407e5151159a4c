package io.llmload.compare;

import io.llmload.testing.SyntheticRun;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes three synthetic archived runs to try the CLI by hand (opt-in):
 * ./mvnw -B -q test -Dtest=DemoRunsTest -Dcompare.demoDir=/tmp/demo, then
 * ./mvnw -q compile exec:java@compare -Dcompare.runs=/tmp/demo/base,/tmp/demo/same,/tmp/demo/slow
 */
@EnabledIfSystemProperty(named = "compare.demoDir", matches = ".+")
class DemoRunsTest {
  @Test
  void writeDemoRuns() throws Exception {
    Path dir = Path.of(System.getProperty("compare.demoDir"));
    assertThat(new SyntheticRun().label("base").seed(1).write(dir)).exists();
    assertThat(new SyntheticRun().label("same").seed(2).write(dir)).exists();
    assertThat(new SyntheticRun().label("slow").seed(3).ttftFactor(1.3).calls(1700).set("llm.users", "60")
        .write(dir)).exists();
  }
}
