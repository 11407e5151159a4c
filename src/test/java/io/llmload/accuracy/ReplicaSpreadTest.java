package io.llmload.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmload.run.CallRow;
import io.llmload.run.RunFolder;
import io.llmload.sim.SimConfig;
import io.llmload.sim.SimMode;
import io.llmload.sim.VllmSimulator;
import io.llmload.simulations.SmokeSimulation;
import io.llmload.testing.CallsFile;
import io.llmload.testing.GatlingRunner;
import io.llmload.testing.Slow;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two simulator replicas as one target (llm.baseUrl=a,b), one deliberately slower (fixed mode: TTFT 30 ms
 * against 2 s): the calls are spread round-robin, each row of llm-calls.csv names the replica that served
 * it (checked against each simulator's own request log), the summary has a group per replica showing the slow
 * one, and /metrics is scraped per replica (url_index = the replica's place in llm.baseUrl).
 */
@Slow
class ReplicaSpreadTest {
  private static final int USERS = 12;
  private static final long SLOW_TTFT_MS = 2000;

  @Test
  void callsAreSpreadOverTheReplicasAndEachShowsOnItsOwn(@TempDir Path tmp) {
    try (VllmSimulator fast = VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).ttftMs(30).itlMs(2).port(0).build());
        VllmSimulator slow = VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).ttftMs(SLOW_TTFT_MS).itlMs(2)
            .port(0).build())) {
      Map<String, String> props = new HashMap<>();
      props.put("llm.baseUrl", fast.baseUrl() + "," + slow.baseUrl());
      props.put("llm.users", Integer.toString(USERS));
      props.put("llm.rampSeconds", "1.2");
      props.put("llm.agentMix", "0");
      props.put("llm.output.min", "10");
      props.put("llm.output.max", "60");
      props.put("llm.warmupCalls", "0");
      props.put("llm.metricsPeriodSeconds", "0.25");
      props.put("llm.outputDir", tmp.resolve("runs").toString());
      int exit = GatlingRunner.run(SmokeSimulation.class, props, tmp.resolve("gatling"), false);
      assertThat(exit).isZero();

      RunFolder run = RunFolder.open(CallsFile.onlyRunDir(tmp.resolve("runs")));
      List<CallRow> calls = run.calls();
      assertThat(calls).hasSize(USERS).allMatch(CallRow::ok);
      Map<String, List<CallRow>> byReplica = calls.stream().collect(Collectors.groupingBy(CallRow::replica));
      assertThat(byReplica.keySet()).containsExactlyInAnyOrder(fast.baseUrl(), slow.baseUrl());
      assertThat(byReplica.get(fast.baseUrl())).hasSize(USERS / 2);
      assertThat(byReplica.get(slow.baseUrl())).hasSize(USERS / 2);
      // the replica column names the server that really served the call
      Set<String> fastIds = fast.requestLog().records().stream().map(r -> r.id()).collect(Collectors.toSet());
      Set<String> slowIds = slow.requestLog().records().stream().map(r -> r.id()).collect(Collectors.toSet());
      assertThat(byReplica.get(fast.baseUrl())).allMatch(c -> fastIds.contains(c.responseId()));
      assertThat(byReplica.get(slow.baseUrl())).allMatch(c -> slowIds.contains(c.responseId()));
      assertThat(fastIds).hasSize(USERS / 2);
      assertThat(slowIds).hasSize(USERS / 2);
      // warm connections (the default): every user opened a connection to each replica before its first call
      assertThat(fast.modelsRequests()).as("GET /v1/models on the first replica").isGreaterThanOrEqualTo(USERS);
      assertThat(slow.modelsRequests()).as("GET /v1/models on the second replica").isGreaterThanOrEqualTo(USERS);

      JsonNode summary = run.summary();
      assertThat(summary.path("run").path("target").path("base_url").asText())
          .isEqualTo(fast.baseUrl() + "," + slow.baseUrl());
      JsonNode fastGroup = summary.path("groups").path("replica " + fast.baseUrl());
      JsonNode slowGroup = summary.path("groups").path("replica " + slow.baseUrl());
      assertThat(fastGroup.path("calls").asLong()).isEqualTo(USERS / 2);
      assertThat(slowGroup.path("calls").asLong()).isEqualTo(USERS / 2);
      assertThat(slowGroup.path("output_tokens").asLong())
          .isEqualTo(byReplica.get(slow.baseUrl()).stream().mapToLong(CallRow::outputTokens).sum());
      // the slow replica's schedule: no token before 2 s; the fast one's is 30 ms (the bound is generous: at load
      // average 15 on two cores the fast replica's p50 was 994 ms, and without warm-up its first call took 1.7 s)
      assertThat(slowGroup.path("ttft_ms").path("p50").asDouble()).isGreaterThanOrEqualTo(SLOW_TTFT_MS);
      assertThat(fastGroup.path("ttft_ms").path("p50").asDouble()).isLessThan(SLOW_TTFT_MS);

      // /metrics of each replica: every scrape row names its replica by url_index, and the counters of each
      // replica are the tokens of the calls it served, not the sum
      List<Map<String, String>> raw = CallsFile.read(run.dir().resolve("server-metrics-raw.csv"));
      for (int i = 0; i < 2; i++) {
        String url = i == 0 ? fast.baseUrl() : slow.baseUrl();
        final String index = Integer.toString(i);
        double last = raw.stream().filter(r -> index.equals(r.get("url_index")))
            .filter(r -> "vllm:generation_tokens_total".equals(r.get("name")))
            .mapToDouble(r -> Double.parseDouble(r.get("value"))).max().orElseThrow();
        long served = byReplica.get(url).stream().mapToLong(CallRow::outputTokens).sum();
        assertThat((long) last).as("generation tokens of replica %d", i).isEqualTo(served);
        JsonNode perUrl = summary.path("server").path("per_url").path(i);
        assertThat(perUrl.path("url").asText()).isEqualTo(url + "/metrics");
        assertThat(perUrl.path("generation_tokens").asLong()).isBetween(0L, served);
      }
      // the slow replica's first call starts 100 ms after the first scrape, so its window holds every token
      assertThat(summary.path("server").path("per_url").path(1).path("generation_tokens").asLong())
          .isEqualTo(byReplica.get(slow.baseUrl()).stream().mapToLong(CallRow::outputTokens).sum());
    }
  }
}
