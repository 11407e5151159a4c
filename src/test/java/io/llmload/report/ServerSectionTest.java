package io.llmload.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmload.servermetrics.ServerWindow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerSectionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String render(Object server, String summaryJson) throws Exception {
    ObjectNode summary = (ObjectNode) JSON.readTree(summaryJson);
    JsonNode s = JSON.valueToTree(server);
    StringBuilder h = new StringBuilder();
    ServerSection.append(h, s, summary);
    return h.toString();
  }

  @Test
  void scrapingOffSaysWhyInsteadOfTables() throws Exception {
    Map<String, Object> server = new LinkedHashMap<>(ServerWindow.disabled().asMap());
    server.put("note", "server metrics off (llm.metricsUrl=off)");

    String html = render(server, "{}");

    assertThat(html).contains("Server-side figures").contains("no data: server metrics off (llm.metricsUrl=off)")
        .doesNotContain("<table");
  }

  @Test
  void latenciesSitBesideTheClientsAndLoadFiguresHaveUnits() throws Exception {
    Map<String, ServerWindow.LatencyWindow> latency = new LinkedHashMap<>();
    latency.put("ttft_ms", new ServerWindow.LatencyWindow("m", 10, 110.0, 100.0, 150.0, 180.0, 200.0));
    latency.put("decode_ms", new ServerWindow.LatencyWindow("m", 0, null, null, null, null, null));
    ServerWindow w = new ServerWindow(true, 2, 20, 1, "timeout", 1L, 2L, 30.0, 900L, 450L, 30.0, 15.0, 3L, null, null,
        null, 10L, Map.of("stop", 8L, "length", 2L), 7.0, 0.0, 0.875, latency, List.of());

    String html = render(w.asMap(), "{\"groups\":{\"overall\":{\"ttft_ms\":{\"count\":10,\"p95\":195.5}}},"
        + "\"totals\":{\"ok\":10,\"output_tokens\":450,\"output_tokens_per_s\":14.9,\"window_s\":30.2}}");

    assertThat(html).contains("data-key=\"server.ttft_ms.p95\">180<").contains("data-key=\"gap.ttft_ms.p95\">15.5<")
        .doesNotContain("server.decode_ms").doesNotContain("window.start_ms");
    assertThat(html).contains("data-key=\"server.max_kv_cache_usage_perc\">87.5</td><td></td><td class=\"k\">%</td>");
    assertThat(html).contains("data-key=\"server.generation_tokens_per_s\">15</td><td>14.9</td><td class=\"k\">tokens/s");
    assertThat(html).contains("data-key=\"server.prefix_cache_hit_rate\">—<");
    assertThat(html).contains("scraped 2 URL(s): 20 scrapes ok, 1 failed (last: timeout)");
  }

  @Test
  void aSummaryWithTheHistogramsAtTheTopLevelReadsTheSame() throws Exception {
    String html = render(Map.of("ttft_ms", Map.of("p50", 90.0, "p95", 120.0)),
        "{\"groups\":{\"overall\":{\"ttft_ms\":{\"p95\":130.0}}}}");

    assertThat(html).contains("data-key=\"gap.ttft_ms.p95\">10<");
  }
}
