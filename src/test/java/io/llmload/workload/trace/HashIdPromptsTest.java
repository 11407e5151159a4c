package io.llmload.workload.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.knuddels.jtokkit.api.Encoding;
import io.llmload.workload.prompt.PromptBlocks;
import io.llmload.workload.prompt.PromptFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HashIdPromptsTest {
  static final Path MOONCAKE = Path.of("src/test/resources/traces/mooncake-sample.jsonl");

  static TraceRecord rec(int input, int... ids) {
    return new TraceRecord(0, input, 1, ids, 1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"cl100k_base", "o200k_base"})
  void everySamplePromptHasExactlyItsInputTokens(String encoding) {
    Trace trace = TraceReader.read(MOONCAKE, null);
    HashIdPrompts prompts = HashIdPrompts.forTrace(trace, encoding, 7);
    Encoding enc = PromptFactory.encoding(encoding);
    for (TraceRecord r : trace.records()) {
      assertThat(enc.countTokensOrdinary(prompts.prompt(r))).as("line %d", r.line()).isEqualTo(r.inputTokens());
    }
    assertAzureSampleExact(prompts, enc);
  }

  @Test
  void olderEncodingsBuildRecordsWithoutHashIdsAndRefuseHashIds() {
    Trace azure = TraceReader.read(Path.of("src/test/resources/traces/azure-2023-sample.csv"), null);
    assertAzureSampleExact(HashIdPrompts.forTrace(azure, "r50k_base", 7), PromptFactory.encoding("r50k_base"));
    assertThatThrownBy(() -> HashIdPrompts.forTrace(TraceReader.read(MOONCAKE, null), "r50k_base", 7))
        .hasMessageContaining("r50k_base").hasMessageContaining("use cl100k_base or o200k_base");
  }

  static void assertAzureSampleExact(HashIdPrompts prompts, Encoding enc) {
    for (TraceRecord r : TraceReader.read(Path.of("src/test/resources/traces/azure-2023-sample.csv"), null)
        .records()) {
      assertThat(enc.countTokensOrdinary(prompts.prompt(r))).as("azure line %d", r.line())
          .isEqualTo(r.inputTokens());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cl100k_base", "o200k_base"})
  void jointsAreStableSoTheTokensOfAPromptAreItsBlocksTokens(String encoding) {
    HashIdPrompts prompts = new HashIdPrompts(new PromptFactory(encoding, 3, 0), 512, 16);
    Encoding enc = PromptFactory.encoding(encoding);
    // 3 full blocks and a 37-token last block
    String prompt = prompts.prompt(rec(3 * 512 + 37, 5, 9, 11, 12));
    int[] whole = enc.encodeOrdinary(prompt).toArray();
    int[] parts = concat(enc.encodeOrdinary(prompts.fullBlock(5)).toArray(),
        enc.encodeOrdinary(prompts.fullBlock(9)).toArray(), enc.encodeOrdinary(prompts.fullBlock(11)).toArray());
    assertThat(Arrays.copyOf(whole, 3 * 512)).containsExactly(parts);
    assertThat(parts).hasSize(3 * 512);
    assertThat(whole).hasSize(3 * 512 + 37);
  }

  @Test
  void sameIdSameTextDifferentIdsDifferentText() {
    HashIdPrompts a = new HashIdPrompts(new PromptFactory("cl100k_base", 42, 0), 512, 4096);
    HashIdPrompts b = new HashIdPrompts(new PromptFactory("cl100k_base", 42, 0), 512, 2); // evicts
    for (int id : new int[] {0, 1, 2, 3, 0, 1}) {
      assertThat(b.fullBlock(id)).isEqualTo(a.fullBlock(id));
    }
    assertThat(a.fullBlock(0)).isNotEqualTo(a.fullBlock(1));
    assertThat(a.fullBlock(0)).endsWith(PromptBlocks.END);
    Encoding enc = PromptFactory.encoding("cl100k_base");
    // two prompts sharing ids 0, 1 share exactly their first 1024 tokens and differ right after
    int[] p = enc.encodeOrdinary(a.prompt(rec(1500, 0, 1, 7))).toArray();
    int[] q = enc.encodeOrdinary(a.prompt(rec(2000, 0, 1, 8, 9))).toArray();
    assertThat(Arrays.copyOf(p, 1024)).containsExactly(Arrays.copyOf(q, 1024));
    assertThat(Arrays.copyOfRange(p, 1024, 1040)).isNotEqualTo(Arrays.copyOfRange(q, 1024, 1040));
    // a different seed gives different blocks
    HashIdPrompts c = new HashIdPrompts(new PromptFactory("cl100k_base", 43, 0), 512, 16);
    assertThat(c.fullBlock(0)).isNotEqualTo(a.fullBlock(0));
    // a partial last block is not the full block of its id; a full last block is
    assertThat(a.prompt(rec(512, 4))).isEqualTo(a.fullBlock(4));
    assertThat(a.prompt(rec(300, 4))).doesNotStartWith(a.fullBlock(4).substring(0, 20));
  }

  @Test
  void smallBlocksAndRecordsWithoutHashIds() {
    HashIdPrompts a = new HashIdPrompts(new PromptFactory("cl100k_base", 1, 0), 512, 16);
    Encoding enc = PromptFactory.encoding("cl100k_base");
    for (int last = 1; last <= 40; last++) {
      assertThat(enc.countTokensOrdinary(a.prompt(rec(512 + last, 0, 100 + last)))).isEqualTo(512 + last);
      String own = a.prompt(new TraceRecord(0, last, 1, new int[0], last));
      assertThat(enc.countTokensOrdinary(own)).as("%d tokens", last).isEqualTo(last);
    }
    assertThat(a.prompt(new TraceRecord(0, 900, 1, new int[0], 3)))
        .isNotEqualTo(a.prompt(new TraceRecord(0, 900, 1, new int[0], 4)));
  }

  @Test
  void refusesIdsThatDoNotCoverTheInput() {
    HashIdPrompts a = new HashIdPrompts(new PromptFactory("cl100k_base", 1, 0), 512, 16);
    assertThatThrownBy(() -> a.prompt(rec(1600, 0, 1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ceil(1600 / 512)");
    assertThatThrownBy(() -> new HashIdPrompts(new PromptFactory("cl100k_base", 1, 8), 512, 16))
        .hasMessageContaining("shared prefix");
  }

  @Test
  void stableJointsInTheModernEncodings() {
    for (String e : List.of("cl100k_base", "o200k_base")) {
      assertThat(new PromptBlocks(new PromptFactory(e, 1, 0)).stableJoints()).as(e).isTrue();
    }
  }

  static int[] concat(int[]... parts) {
    return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
  }
}
