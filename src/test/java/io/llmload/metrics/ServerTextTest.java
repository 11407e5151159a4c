package io.llmload.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerTextTest {
  @Test
  void controlCharactersGoAndLineBreaksBecomeSpaces() {
    assertThat(ServerText.clean("a\u001b[2Jb\r\nc\td\u0000e\u009bf\u202eg")).isEqualTo("a[2Jb  c defg");
  }

  @Test
  void pipesAreEscapedForMarkdownTablesButNotInKeptLines() {
    assertThat(ServerText.clean("x | y")).isEqualTo("x \\| y");
    assertThat(ServerText.line("x | y\nz", 100)).isEqualTo("x | y z");
  }

  @Test
  void longTextIsCutAndSaysHowMuchIsLeftOut() {
    String cut = ServerText.clean("m".repeat(10_000));
    assertThat(cut).startsWith("m".repeat(ServerText.MAX_CHARS)).endsWith("… (9500 more characters)");
    assertThat(ServerText.clean(null)).isNull();
    assertThat(ServerText.clean("model-7b")).isEqualTo("model-7b");
  }
}
