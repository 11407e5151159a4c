package io.llmload.report;

import io.llmload.run.LenientCsvTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
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

  @Test
  void readsQuotedFieldsWithCommasQuotesAndNewlinesByHeaderName() throws Exception {
    String csv = "call_id,error,ok\r\n1,\"HTTP 503: a, \"\"b\"\"\nsecond line\",false\r\n2,,true\n\n3";
    List<String> errors = new ArrayList<>();
    List<Boolean> oks = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    LenientCsvTable.forEach(new StringReader(csv), row -> {
      errors.add(row.get("error"));
      oks.add(row.flag("ok"));
      missing.add(row.get("no_such_column"));
    });

    assertThat(errors).containsExactly("HTTP 503: a, \"b\"\nsecond line", "", "");
    assertThat(oks).containsExactly(false, true, false);
    assertThat(missing).containsOnly("");
  }

  @Test
  void emptyAndNonNumericFieldsAreAbsentNotZero() throws Exception {
    List<Double> values = new ArrayList<>();
    LenientCsvTable.forEach(new StringReader("ttft_ms\n\n12\nx\n"), row -> values.add(row.number("ttft_ms")));
    assertThat(values).containsExactly(12.0, null);
  }
}
