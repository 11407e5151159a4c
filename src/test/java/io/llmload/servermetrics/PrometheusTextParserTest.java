package io.llmload.servermetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PrometheusTextParserTest {

  static String fixture(String name) {
    try (InputStream in = PrometheusTextParserTest.class.getResourceAsStream("/servermetrics/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void parsesVllmV1OutputIntoTypedFamilies() throws Exception {
    MetricsSnapshot s = PrometheusTextParser.parse(fixture("vllm-v1-last.txt"));

    assertThat(s.family("vllm:num_requests_running").type()).isEqualTo(MetricType.GAUGE);
    assertThat(s.family("vllm:prompt_tokens_total").type()).isEqualTo(MetricType.COUNTER);
    assertThat(s.family("vllm:prompt_tokens_created").type()).isEqualTo(MetricType.GAUGE);
    assertThat(s.family("vllm:num_requests_running").help())
        .isEqualTo("Number of requests in model execution batches.");

    MetricFamily ttft = s.family("vllm:time_to_first_token_seconds");
    assertThat(ttft.type()).isEqualTo(MetricType.HISTOGRAM);
    // 2 engines × (22 finite buckets + +Inf + _count + _sum); _created is its own gauge family
    assertThat(ttft.samples()).hasSize(2 * (22 + 1 + 2));
    assertThat(ttft.samples()).extracting(Sample::name).doesNotContain("vllm:time_to_first_token_seconds_created");
    assertThat(s.family("vllm:time_to_first_token_seconds_created").type()).isEqualTo(MetricType.GAUGE);

    Sample first = s.samples("vllm:num_requests_running").get(0);
    assertThat(first.labels()).containsExactly(
        Map.entry("engine", "0"), Map.entry("model_name", "meta-llama/Llama-3.1-8B-Instruct"));
    assertThat(first.value()).isEqualTo(16.0);
    assertThat(first.timestampMs()).isNull();

    assertThat(s.sum("vllm:num_requests_running")).isEqualTo(32.0);
    assertThat(s.sum("vllm:num_requests_waiting")).isEqualTo(7.0);
    assertThat(s.max("vllm:kv_cache_usage_perc")).isEqualTo(0.875);
    assertThat(s.sum("vllm:gpu_cache_usage_perc")).isNull();
    assertThat(s.sum("process_resident_memory_bytes")).isEqualTo(2.147483648e9);
    assertThat(s.sumByLabel("vllm:request_success_total", "finished_reason"))
        .containsEntry("length", 33.0).containsEntry("stop", 2.0).containsEntry("abort", 0.0);

    CumulativeHistogram h = s.histogram("vllm:time_to_first_token_seconds");
    assertThat(h.total()).isEqualTo(35.0);
    assertThat(h.count()).isEqualTo(35.0);
    assertThat(h.upperBounds()).hasSize(23).endsWith(Double.POSITIVE_INFINITY);
    assertThat(s.family("vllm:cache_config_info").samples().get(0).label("num_gpu_blocks")).isEqualTo("27000");
  }

  @Test
  void moreSamplesThanTheCapAreAParseErrorNamingTheLine() throws Exception {
    StringBuilder text = new StringBuilder("# TYPE s gauge\n");
    for (int i = 0; i < PrometheusTextParser.MAX_SAMPLES; i++) {
      text.append("s{i=\"").append(i).append("\"} 1\n");
    }
    assertThat(PrometheusTextParser.parse(text.toString()).family("s").samples()).hasSize(PrometheusTextParser.MAX_SAMPLES);
    text.append("s{i=\"last\"} 1\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PrometheusTextParser.parse(text.toString()))
        .isInstanceOf(MetricsParseException.class)
        .hasMessageContaining("line " + (PrometheusTextParser.MAX_SAMPLES + 2))
        .hasMessageContaining("more than " + PrometheusTextParser.MAX_SAMPLES + " samples");
  }

  @Test
  void unescapesLabelValuesAndHelp() throws Exception {
    String text = "# HELP odd_metric A \\\\ backslash\\nand a newline\n"
        + "# TYPE odd_metric gauge\n"
        + "odd_metric{path=\"C:\\\\dir\\\\\",msg=\"say \\\"hi\\\"\\nbye\",empty=\"\"} 1\n";
    MetricsSnapshot s = PrometheusTextParser.parse(text);
    Sample sample = s.samples("odd_metric").get(0);
    assertThat(sample.label("path")).isEqualTo("C:\\dir\\");
    assertThat(sample.label("msg")).isEqualTo("say \"hi\"\nbye");
    assertThat(sample.label("empty")).isEmpty();
    assertThat(s.family("odd_metric").help()).isEqualTo("A \\ backslash\nand a newline");
    // rendering escapes again, labels sorted by name
    assertThat(sample.labelsText()).isEqualTo("empty=\"\",msg=\"say \\\"hi\\\"\\nbye\",path=\"C:\\\\dir\\\\\"");
  }

  @Test
  void labelValuesMayContainBracesCommasAndEquals() throws Exception {
    MetricsSnapshot s = PrometheusTextParser.parse("m{a=\"x} 1,b=\\\"2\\\"\", b = \"y\" ,} 3\n");
    Sample sample = s.samples("m").get(0);
    assertThat(sample.label("a")).isEqualTo("x} 1,b=\"2\"");
    assertThat(sample.label("b")).isEqualTo("y");
    assertThat(sample.value()).isEqualTo(3.0);
  }

  @Test
  void specialValuesAndTimestamps() throws Exception {
    String text = "a NaN\nb +Inf\nc -Inf 1700000000000\nd 1.5e+09 -5\ne -0.25\nf .5\ng 3 \t 42\nh Inf\n";
    MetricsSnapshot s = PrometheusTextParser.parse(text);
    assertThat(s.samples("a").get(0).value()).isNaN();
    assertThat(s.samples("b").get(0).value()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(s.samples("c").get(0).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(s.samples("c").get(0).timestampMs()).isEqualTo(1_700_000_000_000L);
    assertThat(s.samples("d").get(0).value()).isEqualTo(1.5e9);
    assertThat(s.samples("d").get(0).timestampMs()).isEqualTo(-5L);
    assertThat(s.samples("e").get(0).value()).isEqualTo(-0.25);
    assertThat(s.samples("f").get(0).value()).isEqualTo(0.5);
    assertThat(s.samples("g").get(0).timestampMs()).isEqualTo(42L);
    assertThat(s.samples("h").get(0).value()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(s.family("a").type()).isEqualTo(MetricType.UNTYPED);
    // NaN is skipped by aggregations: absent rather than poisoning the sum
    assertThat(s.sum("a")).isNull();
  }

  @Test
  void blankLinesCommentsCrlfAndWhitespace() throws Exception {
    String text = "\r\n# just a comment\r\n#HELPME not a help line\r\n   \r\n"
        + "# TYPE up gauge\r\n  up{job=\"x\"}\t1\r\n\r\n# HELP\r\n# TYPE\r\n";
    MetricsSnapshot s = PrometheusTextParser.parse(text);
    assertThat(s.families()).containsOnlyKeys("up");
    assertThat(s.sum("up")).isEqualTo(1.0);
    assertThat(PrometheusTextParser.parse("").families()).isEmpty();
  }

  @Test
  void summariesCountersAndUntypedFamilies() throws Exception {
    String text = "# TYPE rpc_duration_seconds summary\n"
        + "rpc_duration_seconds{quantile=\"0.5\"} 0.05\n"
        + "rpc_duration_seconds{quantile=\"0.99\"} 0.2\n"
        + "rpc_duration_seconds_sum 17.5\n"
        + "rpc_duration_seconds_count 100\n"
        + "# TYPE requests counter\n"
        + "requests_total{code=\"200\"} 7\n"
        + "requests_created{code=\"200\"} 1.7e9\n"
        + "# HELP loose Loose help without TYPE\n"
        + "loose 4\n"
        + "other_sum 3\n";
    MetricsSnapshot s = PrometheusTextParser.parse(text);
    assertThat(s.family("rpc_duration_seconds").type()).isEqualTo(MetricType.SUMMARY);
    assertThat(s.family("rpc_duration_seconds").samples()).hasSize(4);
    assertThat(s.family("requests").samples()).extracting(Sample::name)
        .containsExactly("requests_total", "requests_created");
    assertThat(s.family("loose").type()).isEqualTo(MetricType.UNTYPED);
    assertThat(s.family("loose").help()).isEqualTo("Loose help without TYPE");
    assertThat(s.family("other_sum").type()).isEqualTo(MetricType.UNTYPED);
    assertThat(s.monotonicSeries()).containsOnlyKeys(
        "rpc_duration_seconds_sum{}", "rpc_duration_seconds_count{}", "requests_total{code=\"200\"}");
    assertThat(s.createdSeries()).containsOnlyKeys("requests_created{code=\"200\"}");
  }

  @Test
  void histogramWithoutTrailingNewlineAndUnsortedLe() throws Exception {
    String text = "# TYPE h histogram\n"
        + "h_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 5\nh_bucket{le=\"0.5\"} 1\nh_sum 9\nh_count 5";
    CumulativeHistogram h = PrometheusTextParser.parse(text).histogram("h");
    assertThat(h.upperBounds()).containsExactly(0.5, 1.0, Double.POSITIVE_INFINITY);
    assertThat(h.cumulativeCounts()).containsExactly(1.0, 2.0, 5.0);
    assertThat(h.mean()).isCloseTo(1.8, within(1e-12));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "missing value            | ok 1\\nbad{a=\"b\"}\\n                 | 2",
    "bad value                | ok 1\\nx 1.2.3\\n                      | 2",
    "java-only float suffix   | x 1d\\n                                | 1",
    "hex value                | x 0x10\\n                              | 1",
    "unterminated labels      | a 1\\nb 2\\nx{a=\"b\" 1\\n              | 3",
    "unterminated value       | x{a=\"b} 1\\n                         | 1",
    "unknown escape           | x{a=\"\\t\"} 1\\n                       | 1",
    "missing comma            | x{a=\"1\" b=\"2\"} 1\\n                 | 1",
    "duplicate label          | x{a=\"1\",a=\"2\"} 1\\n                 | 1",
    "label name digit         | x{1a=\"1\"} 1\\n                        | 1",
    "unquoted label value     | x{a=1} 1\\n                            | 1",
    "trailing garbage         | x 1 2 3\\n                             | 1",
    "bad timestamp            | x 1 12.5\\n                            | 1",
    "bad name                 | ok 1\\n\\n9x 1\\n                      | 3",
    "no space before value    | x-1\\n                                 | 1",
    "unknown type             | # TYPE x gaugee\\nx 1\\n               | 1",
    "second TYPE              | # TYPE x gauge\\n# TYPE x counter\\n  | 2",
    "TYPE after samples       | x 1\\n# TYPE x gauge\\n                | 2",
    "second HELP              | # HELP x a\\n# HELP x b\\n            | 2",
    "bucket without le        | # TYPE h histogram\\nh_bucket 1\\n    | 2",
    "bucket with non-number le| # TYPE h histogram\\nh_bucket{le=\"x\"} 1\\n | 2",
    "invalid TYPE name        | # TYPE 9x gauge\\n                     | 1",
  })
  void malformedLinesFailNamingTheLine(String why, String escapedText, int expectedLine) {
    String text = escapedText.strip().replace("\\n", "\n");
    assertThatThrownBy(() -> PrometheusTextParser.parse(text))
        .as(why)
        .isInstanceOfSatisfying(MetricsParseException.class,
            e -> {
              assertThat(e.lineNumber()).isEqualTo(expectedLine);
              assertThat(e.getMessage()).startsWith("line " + expectedLine + ": ");
            });
  }

  @Test
  void seriesKeysAreIndependentOfLabelOrder() throws Exception {
    MetricsSnapshot a = PrometheusTextParser.parse("m{b=\"2\",a=\"1\"} 1\n");
    MetricsSnapshot b = PrometheusTextParser.parse("m{a=\"1\",b=\"2\"} 1\n");
    assertThat(a.samples("m").get(0).seriesKey()).isEqualTo(b.samples("m").get(0).seriesKey());
    assertThat(List.copyOf(a.samples("m").get(0).labels().keySet())).containsExactly("b", "a");
  }
}
