package io.llmload.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmload.simulations.SmokeSimulation;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A Gatling run in the test JVM leaves logging as logback-test.xml has it, for the runs after it. */
class GatlingRunnerTest {
  @Test
  void gatlingsDebugLoggingStaysOffAfterARun(@TempDir Path tmp) {
    int exit = GatlingRunner.run(SmokeSimulation.class, Map.of("llm.users", "2", "llm.warmupCalls", "0",
        "llm.outputDir", tmp.resolve("runs").toString(), "llm.metricsUrl", "off"), tmp.resolve("gatling"), false);
    assertThat(exit).isZero();
    assertThat(LoggerFactory.getLogger("io.gatling.http.action.sse.fsm.SseIdleState").isDebugEnabled())
        .as("Gatling stops logback at the end of a run; GatlingRunner must reload its configuration").isFalse();
  }
}
