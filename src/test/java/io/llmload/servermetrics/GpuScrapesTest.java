package io.llmload.servermetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmload.run.GpuRow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-made dcgm-exporter scrapes: known energy counters, a reset, a GPU that disappears, one without a counter. */
class GpuScrapesTest {

  /** One scrape's text: per GPU {index, power W, energy mJ (null: no counter), util %, fb MiB}. */
  private static String dcgm(double[]... gpus) {
    StringBuilder sb = new StringBuilder();
    String[] names = {GpuScrapes.POWER_USAGE, GpuScrapes.TOTAL_ENERGY, GpuScrapes.GPU_UTIL, GpuScrapes.FB_USED};
    String[] types = {"gauge", "counter", "gauge", "gauge"};
    for (int f = 0; f < names.length; f++) {
      sb.append("# TYPE ").append(names[f]).append(' ').append(types[f]).append('\n');
      for (double[] g : gpus) {
        if (Double.isNaN(g[f + 1])) {
          continue;
        }
        sb.append(names[f]).append("{gpu=\"").append((int) g[0]).append("\",UUID=\"GPU-").append((int) g[0])
            .append("\",device=\"nvidia").append((int) g[0]).append("\",Hostname=\"node-a\"} ")
            .append(f == 0 ? Double.toString(g[f + 1]) : Long.toString((long) g[f + 1])).append('\n');
      }
    }
    return sb.toString();
  }

  private static double[] gpu(int index, double watts, double energyMj) {
    return new double[] {index, watts, energyMj, 50, 1000};
  }

  private static Scrape scrape(long timeMs, String text) throws MetricsParseException {
    return new Scrape(0, timeMs, PrometheusTextParser.parse(text));
  }

  @Test
  void rowsCarryEachGpusFieldsAndLabels() throws Exception {
    List<GpuRow> rows = GpuScrapes.rows(scrape(1000, dcgm(gpu(0, 250.5, 7_000), gpu(1, 100, 9_000))));
    assertThat(rows).hasSize(2);
    GpuRow r = rows.get(0);
    assertThat(r.gpu()).isEqualTo("0");
    assertThat(r.uuid()).isEqualTo("GPU-0");
    assertThat(r.hostname()).isEqualTo("node-a");
    assertThat(r.powerW()).isEqualTo(250.5);
    assertThat(r.energyMj()).isEqualTo(7_000);
    assertThat(r.utilPct()).isEqualTo(50);
    assertThat(r.memUsedMib()).isEqualTo(1000);
    assertThat(rows.get(1).key()).isEqualTo("0/1");
  }

  @Test
  void energyIsTheCountersIncreaseAndAResetAddsNothingButIsCounted() throws Exception {
    GpuScrapes sink = new GpuScrapes();
    // GPU 0: 10,000 → 30,000 → 60,000 mJ, then the counter restarts at 5,000 and grows to 25,000
    double[] energies = {10_000, 30_000, 60_000, 5_000, 25_000};
    StringBuilder csv = new StringBuilder();
    for (int i = 0; i < energies.length; i++) {
      csv.append(sink.accept(scrape(1000L * (i + 1), dcgm(gpu(0, 20, energies[i])))));
    }
    GpuWindow w = sink.window("http://n:9400/metrics");
    GpuWindow.PerGpu g = w.perGpu().get(0);
    assertThat(g.method()).isEqualTo(GpuWindow.COUNTER);
    // (30,000 - 10,000) + (60,000 - 30,000) + (25,000 - 5,000) mJ; the step across the reset adds nothing
    assertThat(g.energyJ()).isCloseTo(70.0, within(1e-9));
    assertThat(g.counterResets()).isEqualTo(1);
    assertThat(g.avgPowerW()).isCloseTo(70.0 / 4, within(1e-9));
    assertThat(w.notes()).anySatisfy(n -> assertThat(n).contains("0/0").contains("went down 1 time"));
    // the row of the scrape after the reset says so
    assertThat(csv.toString().lines().toList().get(3)).endsWith(",true");
    assertThat(csv.toString().lines().filter(l -> l.endsWith(",true")).count()).isEqualTo(1);
  }

  @Test
  void aGpuThatDisappearsCountsWhatWasSeenAndIsNamed() throws Exception {
    GpuScrapes sink = new GpuScrapes();
    sink.accept(scrape(0, dcgm(gpu(0, 100, 0), gpu(1, 100, 1_000))));
    sink.accept(scrape(1000, dcgm(gpu(0, 100, 100_000), gpu(1, 100, 101_000))));
    // GPU 1 is gone from here on; GPU 2 appears
    sink.accept(scrape(2000, dcgm(gpu(0, 100, 200_000), gpu(2, 300, 50_000))));
    sink.accept(scrape(4000, dcgm(gpu(0, 100, 400_000), gpu(2, 300, 650_000))));
    GpuWindow w = sink.window("u");
    Map<String, GpuWindow.PerGpu> byGpu = new java.util.HashMap<>();
    w.perGpu().forEach(g -> byGpu.put(g.gpu(), g));
    assertThat(byGpu.get("0").energyJ()).isCloseTo(400.0, within(1e-9));
    assertThat(byGpu.get("1").energyJ()).isCloseTo(100.0, within(1e-9));
    assertThat(byGpu.get("1").lastMs()).isEqualTo(1000);
    assertThat(byGpu.get("2").energyJ()).isCloseTo(600.0, within(1e-9));
    assertThat(byGpu.get("2").avgPowerW()).isCloseTo(300.0, within(1e-9));
    assertThat(w.energyJ()).isCloseTo(1100.0, within(1e-9));
    assertThat(w.windowS()).isEqualTo(4.0);
    // Σ of each GPU's own average power: 100 + 100 + 300
    assertThat(w.avgPowerW()).isCloseTo(500.0, within(1e-9));
    assertThat(w.notes()).anySatisfy(n -> assertThat(n).contains("GPU 0/1 (GPU-1)").contains("+0 s to +1 s"));
    assertThat(w.notes()).anySatisfy(n -> assertThat(n).contains("GPU 0/2 (GPU-2)").contains("+2 s to +4 s"));
    assertThat(w.notes()).noneSatisfy(n -> assertThat(n).contains("GPU 0/0 "));
  }

  @Test
  void withoutTheCounterPowerIsIntegratedByTrapezoids() throws Exception {
    GpuScrapes sink = new GpuScrapes();
    double none = Double.NaN;
    sink.accept(scrape(0, dcgm(gpu(0, 100, none))));
    sink.accept(scrape(2000, dcgm(gpu(0, 300, none))));
    sink.accept(scrape(3000, dcgm(gpu(0, 300, none))));
    GpuWindow w = sink.window("u");
    // (100 + 300) / 2 × 2 s + 300 × 1 s
    assertThat(w.perGpu().get(0).method()).isEqualTo(GpuWindow.POWER);
    assertThat(w.energyJ()).isCloseTo(700.0, within(1e-9));
    assertThat(w.method()).isEqualTo(GpuWindow.POWER);
  }

  @Test
  void aCounterThatStandsStillWhilePowerIsDrawnIsNoted() throws Exception {
    GpuScrapes sink = new GpuScrapes();
    for (double mj : new double[] {1_000, 1_000, 1_000, 31_000}) {
      sink.accept(scrape((long) mj, dcgm(gpu(0, 100, mj))));
    }
    GpuWindow w = sink.window("u");
    assertThat(w.energyJ()).isCloseTo(30.0, within(1e-9));
    assertThat(w.notes()).singleElement().asString().contains("stood still in 2 of 3 steps").contains("-c 1000");
  }

  @Test
  void dcgmBlankSentinelsAreNoValue() throws Exception {
    GpuScrapes sink = new GpuScrapes();
    sink.accept(scrape(0, dcgm(new double[] {0, 100, 1_000, 9.223372036854775794E18, 1000})));
    sink.accept(scrape(1000, dcgm(new double[] {0, 100, 2_000, 9.223372036854775794E18, 1000})));
    GpuWindow.PerGpu g = sink.window("u").perGpu().get(0);
    assertThat(g.utilAvg()).isNull();
    assertThat(g.energyJ()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void derivedFiguresDivideTheTotalEnergy() throws Exception {
    GpuScrapes sink = new GpuScrapes();
    sink.accept(scrape(0, dcgm(gpu(0, 100, 0), gpu(1, 100, 0))));
    sink.accept(scrape(10_000, dcgm(gpu(0, 100, 1_000_000), gpu(1, 100, 500_000))));
    Map<String, Object> m = sink.window("u").asMap(3000, 30);
    assertThat(m.get("energy_j")).isEqualTo(1500.0);
    assertThat(m.get("joules_per_output_token")).isEqualTo(0.5);
    assertThat(m.get("joules_per_request")).isEqualTo(50.0);
    assertThat(m.get("output_tokens_per_joule")).isEqualTo(2.0);
    assertThat(m.get("avg_power_w")).isEqualTo(150.0);
    assertThat(m.get("gpus")).isEqualTo(2);
    assertThat(sink.window("u").asMap(0, 0).get("joules_per_output_token")).isNull();
  }
}
