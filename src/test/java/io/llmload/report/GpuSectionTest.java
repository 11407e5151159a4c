package io.llmload.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmload.run.GpuRow;
import io.llmload.servermetrics.GpuWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's GPU section: figures with their keys, a row per GPU, notes escaped; charts one series per GPU. */
class GpuSectionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void figuresPerGpuRowsNotesAndDefinitions() {
    GpuWindow w = new GpuWindow("url", "http://n:9400/metrics", 0L, 10_000L, List.of(
        new GpuWindow.PerGpu("0", 0, "GPU-a", "n", GpuWindow.COUNTER, 11, 0, 10_000, 1000.0, 100.0, 40.0,
            2L * 1024 * 1024 * 1024, 0),
        new GpuWindow.PerGpu("1", 0, "GPU-b", "n", GpuWindow.COUNTER, 6, 0, 5_000, 500.0, 100.0, 20.0, null, 1)),
        List.of("GPU 0/1 <was> seen from +0 s to +5 s"));
    Map<String, Object> gpu = w.asMap(3000, 30);
    StringBuilder h = new StringBuilder();
    GpuSection.append(h, JSON.valueToTree(gpu));
    String html = h.toString();
    assertThat(html).contains("<h2>GPU energy</h2>").contains("energy from energy_counter")
        .contains("data-key=\"energy_j\">1500<").contains("data-key=\"joules_per_output_token\">0.5<")
        .contains("data-key=\"output_tokens_per_joule\">2<").contains("data-key=\"joules_per_request\">50<")
        .contains("data-key=\"avg_power_w\">200<");
    assertThat(html).contains("<td class=\"k\">0/1</td><td class=\"k\">GPU-b</td>").contains(">2048<");
    assertThat(html).contains("GPU 0/1 &lt;was&gt; seen").doesNotContain("<was>");
    assertThat(html).contains("id=\"gpu-definitions\"").contains("joules_per_output_token");
    StringBuilder none = new StringBuilder();
    GpuSection.append(none, JSON.missingNode());
    assertThat(none).isEmpty();
  }

  @Test
  void chartsHaveOneSeriesPerGpuWithGapsWhereAGpuWasNotSeen() {
    List<GpuRow> rows = new ArrayList<>();
    for (int s = 0; s < 4; s++) {
      rows.add(new GpuRow(1_000_000 + s * 1000L, 0, "0", null, null, 50.0, null, 100.0 + s, null, false));
      if (s < 2) {
        rows.add(new GpuRow(1_000_000 + s * 1000L, 0, "1", null, null, 10.0, null, 300.0, null, false));
      }
    }
    List<Map<String, Object>> charts = GpuSection.charts(rows);
    assertThat(charts).extracting(c -> c.get("id")).containsExactly("gpu_power", "gpu_util");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> series = (List<Map<String, Object>>) charts.get(0).get("series");
    assertThat(series).extracting(s -> s.get("label")).containsExactly("GPU 0/0", "GPU 0/1");
    assertThat((Double[]) series.get(0).get("values")).containsExactly(100.0, 101.0, 102.0, 103.0);
    assertThat((Double[]) series.get(1).get("values")).containsExactly(300.0, 300.0, null, null);
    assertThat(GpuSection.charts(List.of())).isEmpty();
  }
}
