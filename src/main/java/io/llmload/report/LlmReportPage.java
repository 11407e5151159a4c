package io.llmload.report;

import io.llmload.metrics.Numbers;
import io.llmload.run.AtomicFiles;
import io.llmload.run.JsonFlattener;
import io.llmload.run.RunFiles;
import io.llmload.run.RunFolder;
import io.llmload.run.RunInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * llm-report.html: one self-contained page per run (uPlot, its CSS, the page script and all data are
 * inlined; a Content-Security-Policy forbids every network fetch), built from the run folder's
 * llm-summary.json, llm-calls.csv, llm-itl.csv, server-metrics.csv and run.json. Tables are rendered
 * here from the summary (the same numbers as the console); charts are drawn in the browser from the
 * JSON embedded in the page. A capacity sweep's sweep-summary.json adds its section (curves as inline SVG,
 * per-level table). Every optional input may be absent: its section or chart then says so.
 */
public final class LlmReportPage {
  static final String UPLOT_DIR = "/META-INF/resources/webjars/uplot/1.6.30/dist/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private LlmReportPage() {
  }

  /** Regenerates the page of an existing run folder: {@code LlmReportPage <runDir>}. */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: LlmReportPage <run folder>");
      System.exit(2);
    }
    System.out.println(write(Path.of(args[0])));
  }

  /** Reads the run folder, writes runDir/llm-report.html (atomically replacing it) and returns its path. */
  public static Path write(Path runDir) {
    String html = render(runDir);
    Path out = runDir.resolve(RunFiles.REPORT);
    AtomicFiles.write(out, html);
    return out;
  }

  static JsonNode readSummary(Path runDir) {
    JsonNode summary = RunFolder.open(runDir).summary();
    return summary == null ? MissingNode.getInstance() : summary;
  }

  static String render(Path runDir) {
    JsonNode summary = readSummary(runDir);
    JsonNode runInfo = JSON.valueToTree(RunFolder.open(runDir).runInfo());
    ChartInputs data = ChartInputs.load(runDir);
    JsonNode run = summary.path("run");

    String label = Nodes.firstText(run.path("label"), runInfo.path("label"));
    if (label == null) {
      label = runDir.toAbsolutePath().getFileName() == null ? "run" : runDir.toAbsolutePath().getFileName().toString();
    }

    Map<String, Object> pageData = new LinkedHashMap<>();
    pageData.put("label", label);
    pageData.put("charts", ChartData.all(summary, data));

    StringBuilder h = new StringBuilder(256 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        // No network at all: the page must open from disk, and user-supplied text can never load anything.
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
            + "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(Html.esc("LLM report — " + label)).append("</title>\n")
        .append("<style>\n").append(Html.inlineSource(resource(UPLOT_DIR + "uPlot.min.css"), "style")).append('\n')
        .append(Html.inlineSource(resource("report.css"), "style")).append("\n</style>\n")
        .append("<script>\n").append(Html.inlineSource(resource("error-capture.js"), "script")).append("\n</script>\n")
        .append("</head>\n<body>\n")
        .append("<div id=\"report-errors\" class=\"errors\" hidden><strong>Errors while drawing this page:</strong><ul></ul></div>\n");

    h.append("<h1>LLM load test — ").append(Html.esc(label)).append("</h1>\n");
    h.append("<p class=\"subtitle\">").append(Html.esc(Nodes.text(run.path("simulation"), "")))
        .append(run.has("started_at") ? " · " + Html.esc(Nodes.text(run.path("started_at"), "")) + " → "
            + Html.esc(Nodes.text(run.path("ended_at"), "?")) : "")
        .append(run.path("duration_s").isNumber() ? " · " + Numbers.rounded(run.path("duration_s").asDouble(), 1) + " s" : "")
        .append("</p>\n");
    if (summary.isMissingNode()) {
      h.append("<div class=\"box fail\"><h2>llm-summary.json is missing</h2>Only the charts computed from the CSV "
          + "files are shown.</div>\n");
    }
    AlertBoxes.verdict(h, summary.path("assertions"));
    AlertBoxes.merge(h, summary.path("merge"));
    AlertBoxes.clientHealth(h, summary.path("client_health"));
    AlertBoxes.behindSchedule(h, summary.path("totals"));
    RunSection.cards(h, summary);
    RunSection.table(h, runDir, run, runInfo);
    JsonNode sweep = SweepChart.read(runDir);
    if (sweep != null) {
      h.append(SweepChart.section(sweep));
    }

    h.append("<h2>Results per group</h2>\n");
    GroupSection.overview(h, summary.path("groups"));
    h.append("<h2>Charts</h2>\n<div id=\"charts\"></div>\n");
    GroupSection.percentiles(h, summary.path("groups"));
    SloSection.append(h, summary.path("slo"));
    ServerSection.append(h, summary.path("server"), summary);
    GpuSection.append(h, summary.path("gpu"));
    ReferenceSection.append(h, summary, runInfo);

    h.append("<script type=\"application/json\" id=\"report-data\">").append(Html.scriptJson(pageData))
        .append("</script>\n")
        .append("<script>\n").append(Html.inlineSource(resource(UPLOT_DIR + "uPlot.iife.min.js"), "script"))
        .append("\n</script>\n")
        .append("<script>\n").append(Html.inlineSource(resource("report.js"), "script")).append("\n</script>\n")
        .append("</body>\n</html>\n");
    return h.toString();
  }

  static String resource(String name) {
    String path = name.startsWith("/") ? name : "/io/llmload/report/" + name;
    try (InputStream in = LlmReportPage.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path + " (uPlot WebJar not on the classpath?)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + path, e);
    }
  }
}
