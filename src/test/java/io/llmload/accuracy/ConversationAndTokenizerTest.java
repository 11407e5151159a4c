package io.llmload.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmload.config.DatasetConfig;
import io.llmload.sim.RequestRecord;
import io.llmload.sim.SimConfig;
import io.llmload.sim.SimMode;
import io.llmload.sim.VllmSimulator;
import io.llmload.simulations.ConversationSimulation;
import io.llmload.simulations.SmokeSimulation;
import io.llmload.testing.CallsFile;
import io.llmload.testing.GatlingRunner;
import io.llmload.testing.Slow;
import io.llmload.workload.dataset.DatasetReader;
import io.llmload.workload.dataset.DatasetSampler;
import io.llmload.workload.dataset.SampledConversation;
import io.llmload.workload.dataset.Turn;
import io.llmload.workload.prompt.PromptFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the embedded simulator: a conversation journey sends each turn's recorded history and forces the
 * recorded answer's length (checked in the simulator's request log); llm.tokenizer=server sizes every prompt
 * so usage.prompt_tokens equals the requested count despite a chat-template overhead; the prompt-token
 * warning fires when sizes are off and not otherwise.
 */
@Slow
class ConversationAndTokenizerTest {
  private static final Path SHAREGPT = Path.of("src/test/resources/datasets/sharegpt-sample.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, String> props(VllmSimulator server, Path tmp) {
    Map<String, String> props = new HashMap<>();
    props.put("llm.baseUrl", server.baseUrl());
    props.put("llm.rampSeconds", "1");
    props.put("llm.warmupCalls", "0");
    props.put("llm.thinkMinSeconds", "0");
    props.put("llm.thinkMaxSeconds", "0.05");
    props.put("llm.timeoutSeconds", "30");
    props.put("llm.outputDir", tmp.resolve("runs").toString());
    props.put("llm.metricsUrl", "off");
    props.put("llm.archive", "false");
    return props;
  }

  private static SimConfig sim(int overhead) {
    return SimConfig.builder().mode(SimMode.FIXED).ttftMs(10).itlMs(1).port(0).seed(3).messageOverheadTokens(overhead)
        .build();
  }

  @Test
  void aConversationSendsItsHistoryAndForcesTheRecordedLengths(@TempDir Path tmp) throws IOException {
    List<Turn> expected = new ArrayList<>();
    DatasetConfig dataset = new DatasetConfig(SHAREGPT.toString(), true, 4, 4, 1024, 4, 1024);
    for (SampledConversation c : new DatasetSampler(dataset, PromptFactory.encoding("cl100k_base")::countTokensOrdinary)
        .sample(DatasetReader.read(SHAREGPT), 42)) {
      expected.addAll(c.turns());
    }
    assertThat(expected.stream().mapToInt(Turn::number).max().orElse(0)).as("the sample has multi-turn conversations")
        .isGreaterThan(1);
    try (VllmSimulator server = VllmSimulator.start(sim(0))) {
      Map<String, String> props = props(server, tmp);
      props.put("llm.users", "4");
      props.put("llm.dataset.file", SHAREGPT.toString());
      props.put("llm.dataset.conversations", "4");
      props.put("llm.seed", "42");
      GatlingRunner.run(ConversationSimulation.class, props, tmp.resolve("gatling"), false);

      List<RequestRecord> sent = server.requestLog().records();
      // overhead 0: the simulator counts every message's cl100k tokens, so the prompt it saw is the turn's
      // history plus its user message exactly when the count matches
      assertThat(sent.stream().map(RequestRecord::promptTokens).sorted().toList())
          .isEqualTo(expected.stream().map(Turn::promptTokens).sorted().toList());
      assertThat(sent.stream().map(RequestRecord::outputTokensSent).sorted().toList())
          .isEqualTo(expected.stream().map(Turn::outputTokens).sorted().toList());
      assertThat(sent).allSatisfy(r -> assertThat(r.finishReason()).isEqualTo("length"));

      Path run = CallsFile.onlyRunDir(tmp.resolve("runs"));
      List<Map<String, String>> calls = CallsFile.read(run.resolve("llm-calls.csv"));
      assertThat(calls).hasSize(expected.size()).allSatisfy(c -> assertThat(c.get("ok")).isEqualTo("true"));
      JsonNode summary = JSON.readTree(run.resolve("llm-summary.json").toFile());
      assertThat(summary.path("groups").has("turn_1")).isTrue();
      assertThat(summary.path("groups").has("turn_2")).isTrue();
      assertThat(summary.path("groups").path("conversation").path("calls").asInt()).isEqualTo(expected.size());
      JsonNode overall = summary.path("prompt_tokens").path("overall");
      assertThat(overall.path("difference_pct").asDouble()).isZero();
      assertThat(overall.path("warning").asBoolean()).as("sizes match: no warning").isFalse();
      assertThat(java.nio.file.Files.readString(run.resolve("llm-report.html"))).contains("turn_1").contains("turn_2");
    }
  }

  @Test
  void serverTokenizerMakesUsagePromptTokensEqualTheRequestedCount(@TempDir Path tmp) throws IOException {
    try (VllmSimulator server = VllmSimulator.start(sim(5))) {
      Map<String, String> props = props(server, tmp.resolve("server"));
      props.put("llm.tokenizer", "server");
      GatlingRunner.run(SmokeSimulation.class, props, tmp.resolve("gatling"), false);
      Path run = CallsFile.onlyRunDir(tmp.resolve("server").resolve("runs"));
      List<Map<String, String>> calls = CallsFile.read(run.resolve("llm-calls.csv"));
      assertThat(calls).isNotEmpty().allSatisfy(c -> {
        assertThat(c.get("ok")).isEqualTo("true");
        assertThat(c.get("usage_prompt_tokens")).as("call %s", c.get("call_id")).isEqualTo(c.get("input_tokens"));
      });
      JsonNode prompts = JSON.readTree(run.resolve("llm-summary.json").toFile()).path("prompt_tokens");
      assertThat(prompts.path("overall").path("exact_calls").asInt()).isEqualTo(calls.size());
      assertThat(prompts.path("overall").path("warning").asBoolean()).isFalse();
    }
  }

  @Test
  void theDefaultEncodingMatchesATemplateFreeCl100kServerExactly(@TempDir Path tmp) throws IOException {
    try (VllmSimulator server = VllmSimulator.start(sim(0))) {
      GatlingRunner.run(SmokeSimulation.class, props(server, tmp), tmp.resolve("gatling"), false);
      Path run = CallsFile.onlyRunDir(tmp.resolve("runs"));
      int calls = CallsFile.read(run.resolve("llm-calls.csv")).size();
      JsonNode overall = JSON.readTree(run.resolve("llm-summary.json").toFile()).path("prompt_tokens").path("overall");
      // requested = user text + system prompt in cl100k, which is what this server counts
      assertThat(overall.path("exact_calls").asInt()).isEqualTo(calls);
      assertThat(overall.path("warning").asBoolean()).isFalse();
    }
  }

  @Test
  void theWarningFiresWhenTheTemplateMakesPromptsLargerThanRequested(@TempDir Path tmp) throws IOException {
    try (VllmSimulator server = VllmSimulator.start(sim(5))) {
      Map<String, String> props = props(server, tmp);
      GatlingRunner.run(SmokeSimulation.class, props, tmp.resolve("gatling"), false);
      Path run = CallsFile.onlyRunDir(tmp.resolve("runs"));
      JsonNode overall = JSON.readTree(run.resolve("llm-summary.json").toFile()).path("prompt_tokens").path("overall");
      // 5 template tokens on each of 2 messages, on prompts of 100-600 tokens: +1.5 % to +9 %
      assertThat(overall.path("difference_pct").asDouble()).isGreaterThan(1.0);
      assertThat(overall.path("warning").asBoolean()).isTrue();
      assertThat(overall.path("exact_calls").asInt()).isZero();
    }
  }

  @Test
  void aLocalTokenizerJsonSizesThePromptsOfARun(@TempDir Path tmp) throws IOException {
    try (VllmSimulator server = VllmSimulator.start(sim(0))) {
      Map<String, String> props = props(server, tmp);
      props.put("llm.tokenizer", "src/test/resources/tokenizers/wordlevel");
      GatlingRunner.run(SmokeSimulation.class, props, tmp.resolve("gatling"), false);
      Path run = CallsFile.onlyRunDir(tmp.resolve("runs"));
      assertThat(CallsFile.read(run.resolve("llm-calls.csv"))).hasSize(24)
          .allSatisfy(c -> assertThat(c.get("ok")).isEqualTo("true"));
      JsonNode summary = JSON.readTree(run.resolve("llm-summary.json").toFile());
      assertThat(summary.path("prompts").path("build").asText()).contains("sized with the model's tokenizer");
      // the simulator counts cl100k, not the word-level tokenizer: the comparison shows it
      assertThat(summary.path("prompt_tokens").path("overall").path("warning").asBoolean()).isTrue();
    }
  }
}
