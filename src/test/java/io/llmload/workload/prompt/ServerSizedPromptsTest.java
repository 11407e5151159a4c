package io.llmload.workload.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Prompts sized by a server's count (template overhead, another tokenizer) come out exact, in few counts. */
class ServerSizedPromptsTest {
  @Test
  void everyPromptMatchesTheServersCountExactly() {
    PromptFactory factory = new PromptFactory("cl100k_base", 42, 0);
    AtomicInteger asked = new AtomicInteger();
    // a "server" whose tokenizer counts 10 % more than cl100k, plus a 17-token chat template
    PromptCounter server = (system, user) -> {
      asked.incrementAndGet();
      return 17 + (int) Math.round(1.1 * (factory.count(system) + factory.count(user)));
    };
    ServerSizedPrompts sized = new ServerSizedPrompts(factory, server, "You are terse.");
    int exact = 0;
    for (int i = 0; i < 50; i++) {
      int tokens = 300 + i * 37;
      String text = sized.build(i, tokens, null);
      exact += server.count("You are terse.", text) == tokens ? 1 : 0;
    }
    assertThat(exact).isEqualTo(50 - (int) sized.inexact());
    // rounding of the 1.1 factor can make a size unreachable; it must stay rare
    assertThat(sized.inexact()).isLessThanOrEqualTo(5);
    assertThat(sized.counts()).isLessThanOrEqualTo(50L * ServerSizedPrompts.MAX_TRIES);
  }

  @Test
  void aConstantOverheadIsLearntSoLaterPromptsNeedOneCount() {
    PromptFactory factory = new PromptFactory("cl100k_base", 7, 0);
    PromptCounter server = (system, user) -> 12 + factory.count(system) + factory.count(user);
    ServerSizedPrompts sized = new ServerSizedPrompts(factory, server, "System.");
    for (int i = 0; i < 20; i++) {
      assertThat(server.count("System.", sized.build(i, 500 + i, "Answer briefly."))).isEqualTo(500 + i);
    }
    assertThat(sized.inexact()).isZero();
    assertThat(sized.counts()).isLessThanOrEqualTo(20 + 2);
  }
}
