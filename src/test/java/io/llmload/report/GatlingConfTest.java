package io.llmload.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * gatling.conf at the top level, layered over Gatling's own gatling-defaults.conf as Gatling loads it:
 * every key we set exists in the defaults (a misspelt key would be silently ignored), the group row is
 * the flow's duration, and the response-time bounds are the TTFT ones.
 */
class GatlingConfTest {
  private static final Config DEFAULTS = ConfigFactory.parseResources("gatling-defaults.conf");
  private static final Config OURS = ConfigFactory.parseFile(Path.of("gatling.conf").toFile());

  @Test
  void everyKeySetHereExistsInGatlingsDefaults() {
    assertThat(DEFAULTS.hasPath("gatling.charting.useGroupDurationMetric")).as("gatling-defaults.conf found").isTrue();
    for (var entry : OURS.entrySet()) {
      assertThat(DEFAULTS.hasPath(entry.getKey())).as("%s is a Gatling setting", entry.getKey()).isTrue();
    }
  }

  @Test
  void groupRowsShowTheFlowsDuration() {
    Config merged = OURS.withFallback(DEFAULTS).resolve();
    assertThat(DEFAULTS.getBoolean("gatling.charting.useGroupDurationMetric")).isFalse();
    assertThat(merged.getBoolean("gatling.charting.useGroupDurationMetric")).isTrue();
  }

  @Test
  void responseTimeBoundsAreTtftBoundsNotGatlingsDefaults() {
    Config merged = OURS.withFallback(DEFAULTS).resolve();
    assertThat(merged.getInt("gatling.charting.indicators.lowerBound")).isEqualTo(500);
    assertThat(merged.getInt("gatling.charting.indicators.higherBound")).isEqualTo(2000);
    assertThat(merged.getInt("gatling.charting.indicators.percentile2")).isEqualTo(90);
  }

  @Test
  void theClasspathCopyIsTheTopLevelFile() {
    Config classpath = ConfigFactory.parseResources("gatling.conf");
    assertThat(classpath.root().render(ConfigRenderOptions.concise()))
        .isEqualTo(OURS.root().render(ConfigRenderOptions.concise()));
  }
}
