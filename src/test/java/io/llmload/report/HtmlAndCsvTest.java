package io.llmload.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HtmlAndCsvTest {
  @Test
  void escapesMarkupInTextAndAttributes() {
    assertThat(Html.esc("<a href='x'>\"&\"</a>")).isEqualTo("&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;");
    assertThat(Html.esc(null)).isEmpty();
  }

  @Test
  void scriptJsonCannotCloseTheScriptElementAndParsesBackToTheSameText() throws Exception {
    String hostile = "</script><script>alert(1)</script><!-- \u2028 &amp;";
    String json = Html.scriptJson(Map.of("label", hostile));

    assertThat(json).doesNotContain("<").doesNotContain(">").doesNotContain("&").doesNotContain("\u2028");
    assertThat(new ObjectMapper().readTree(json).path("label").asText()).isEqualTo(hostile);
  }

  @Test
  void refusesToInlineSourceThatWouldEndItsElement() {
    assertThatThrownBy(() -> Html.inlineSource("var s = '</SCRIPT>';", "script")).isInstanceOf(IllegalStateException.class);
    assertThat(Html.inlineSource("a < b", "script")).isEqualTo("a < b");
  }
}
