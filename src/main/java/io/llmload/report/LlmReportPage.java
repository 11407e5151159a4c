package io.llmload.report;

import io.llmload.run.JsonFlattener;
import io.llmload.run.RunFiles;
import io.llmload.run.RunFolder;
import io.llmload.run.RunInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
  /** Group metrics in table order: summary key → label. */
  static final Map<String, String> METRICS = new LinkedHashMap<>();
  static final String[] STATS = {"count", "p50", "p90", "p95", "p99", "mean", "max"};

  static {
    METRICS.put("ttft_ms", "TTFT (ms)");
    METRICS.put("ttfo_ms", "TTFO (ms)");
    METRICS.put("e2e_ms", "E2E (ms)");
    METRICS.put("tpot_ms", "TPOT (ms)");
    METRICS.put("itl_ms", "ITL (ms)");
    METRICS.put("output_tokens_per_s", "output tokens/s per call");
  }

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
    try {
      Path tmp = runDir.resolve(RunFiles.REPORT + ".tmp");
      Files.writeString(tmp, html, StandardCharsets.UTF_8);
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    }
    return out;
  }

  static JsonNode readSummary(Path runDir) {
    JsonNode summary = RunFolder.open(runDir).summary();
    return summary == null ? MissingNode.getInstance() : summary;
  }

  static String render(Path runDir) {
    JsonNode summary = readSummary(runDir);
    JsonNode runInfo = JSON.valueToTree(RunFolder.open(runDir).runInfo());
    RunData data = RunData.load(runDir);
    JsonNode run = summary.path("run");
    JsonNode target = run.path("target");

    String label = firstText(run.path("label"), runInfo.path("label"));
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
    h.append("<p class=\"subtitle\">").append(Html.esc(text(run.path("simulation"), "")))
        .append(run.has("started_at") ? " · " + Html.esc(text(run.path("started_at"), "")) + " → "
            + Html.esc(text(run.path("ended_at"), "?")) : "")
        .append(run.path("duration_s").isNumber() ? " · " + Html.num(run.path("duration_s").asDouble(), 1) + " s" : "")
        .append("</p>\n");
    if (summary.isMissingNode()) {
      h.append("<div class=\"box fail\"><h2>llm-summary.json is missing</h2>Only the charts computed from the CSV "
          + "files are shown.</div>\n");
    }
    verdict(h, summary.path("assertions"));
    clientHealthBox(h, summary.path("client_health"));
    cards(h, summary);
    runTable(h, runDir, run, target, runInfo);
    JsonNode sweep = io.llmload.report.SweepChart.read(runDir);
    if (sweep != null) {
      h.append(io.llmload.report.SweepChart.section(sweep));
    }

    h.append("<h2>Results per group</h2>\n");
    overview(h, summary.path("groups"));
    h.append("<h2>Charts</h2>\n<div id=\"charts\"></div>\n");
    groupTables(h, summary.path("groups"));
    slo(h, summary.path("slo"));
    server(h, summary.path("server"), summary.path("groups").path("overall"));
    if (summary.path("client_health").isObject() && summary.path("client_health").size() > 0) {
      h.append("<h2>Client health</h2>\n");
      keyValues(h, flatten(summary.path("client_health")), "client_health");
    }
    h.append("<h2>Configuration</h2>\n");
    if (summary.path("config").isObject() && summary.path("config").size() > 0) {
      keyValues(h, flatten(summary.path("config")), "config");
    } else {
      h.append("<p class=\"nodata\">no data: llm-summary.json has no config</p>\n");
    }
    definitions(h, summary.path("definitions"));
    if (runInfo.size() > 0) {
      h.append("<h2>Run info (run.json)</h2>\n");
      keyValues(h, flatten(runInfo), "run_json");
    }

    h.append("<script type=\"application/json\" id=\"report-data\">").append(Html.scriptJson(pageData))
        .append("</script>\n")
        .append("<script>\n").append(Html.inlineSource(resource(UPLOT_DIR + "uPlot.iife.min.js"), "script"))
        .append("\n</script>\n")
        .append("<script>\n").append(Html.inlineSource(resource("report.js"), "script")).append("\n</script>\n")
        .append("</body>\n</html>\n");
    return h.toString();
  }

  private static void verdict(StringBuilder h, JsonNode assertions) {
    if (!assertions.isArray() || assertions.isEmpty()) {
      return;
    }
    int failed = 0;
    for (JsonNode a : assertions) {
      if (!a.path("passed").asBoolean(false)) {
        failed++;
      }
    }
    h.append("<div id=\"verdict\" class=\"box ").append(failed == 0 ? "pass" : "fail").append("\"><h2>")
        .append(failed == 0 ? "PASSED: all " + assertions.size() + " assertions hold"
            : "FAILED: " + failed + " of " + assertions.size() + " assertions failed")
        .append("</h2>\n<ul>\n");
    for (JsonNode a : assertions) {
      boolean ok = a.path("passed").asBoolean(false);
      h.append("<li>").append(ok ? "✔ " : "<span class=\"bad\">✘</span> ")
          .append("<strong>").append(Html.esc(text(a.path("name"), "(unnamed)"))).append("</strong>")
          .append(a.hasNonNull("message") ? ": " + Html.esc(text(a.path("message"), "")) : "").append("</li>\n");
    }
    h.append("</ul></div>\n");
  }

  private static void clientHealthBox(StringBuilder h, JsonNode health) {
    JsonNode warnings = health.path("warnings");
    if (!warnings.isArray() || warnings.isEmpty()) {
      return;
    }
    h.append("<div id=\"client-health\" class=\"box warn\"><h2>⚠ The client was saturated: its figures may "
        + "measure the load generator, not the server</h2>\n<ul>\n");
    for (JsonNode w : warnings) {
      String message = w.isTextual() ? w.asText()
          : w.hasNonNull("message") ? text(w.path("message"), "") : w.toString();
      h.append("<li>the client was saturated: ").append(Html.esc(message)).append("</li>\n");
    }
    h.append("</ul></div>\n");
  }

  private static void cards(StringBuilder h, JsonNode summary) {
    JsonNode totals = summary.path("totals");
    JsonNode overall = summary.path("groups").path("overall");
    if (totals.isMissingNode() && overall.isMissingNode()) {
      return;
    }
    h.append("<div class=\"cards\">\n");
    card(h, "calls", Html.num(number(totals.path("calls")), 0));
    card(h, "ok", Html.num(number(totals.path("ok")), 0));
    card(h, "failed", Html.num(number(totals.path("failed")), 0));
    card(h, "error rate", Html.percent(number(overall.path("error_rate"))));
    card(h, "output tokens/s", Html.num(number(totals.path("output_tokens_per_s")), 1));
    card(h, "requests/s", Html.num(number(totals.path("requests_per_s")), 2));
    card(h, "TTFT p95 (ms)", Html.num(number(overall.path("ttft_ms").path("p95")), 2));
    card(h, "TPOT p95 (ms)", Html.num(number(overall.path("tpot_ms").path("p95")), 2));
    card(h, "E2E p95 (ms)", Html.num(number(overall.path("e2e_ms").path("p95")), 2));
    h.append("</div>\n");
  }

  private static void card(StringBuilder h, String label, String value) {
    h.append("<div class=\"card\"><div class=\"v\">").append(Html.esc(value)).append("</div><div class=\"l\">")
        .append(Html.esc(label)).append("</div></div>\n");
  }

  private static void runTable(StringBuilder h, Path runDir, JsonNode run, JsonNode target, JsonNode runInfo) {
    h.append("<h2>Run</h2>\n<table id=\"run\">\n");
    String kind = text(target.path("kind"), null);
    String profile = text(target.path("sim_profile"), null);
    row(h, "target", text(target.path("base_url"), null));
    row(h, "target kind", kind == null ? null
        : "simulator".equals(kind) && profile != null ? "simulator (profile " + profile + ")" : kind);
    row(h, "model", firstText(target.path("model"), runInfo.path("model")));
    row(h, "server version", firstText(target.path("server_version"), runInfo.path("server_version")));
    row(h, "simulation", text(run.path("simulation"), null));
    row(h, "started", text(run.path("started_at"), null));
    row(h, "ended", text(run.path("ended_at"), null));
    row(h, "duration (s)", run.path("duration_s").isNumber() ? Html.num(run.path("duration_s").asDouble(), 1) : null);
    row(h, "suite version", firstText(run.path("suite_version"), runInfo.path("suite_version")));
    row(h, "Gatling version", firstText(run.path("gatling_version"), runInfo.path("gatling_version")));
    h.append("</table>\n");
    if (Files.isRegularFile(runDir.resolve("index.html"))) {
      h.append("<p><a href=\"index.html\">Gatling's own report (index.html)</a></p>\n");
    }
  }

  private static void row(StringBuilder h, String key, String value) {
    h.append("<tr><th class=\"k\">").append(Html.esc(key)).append("</th><td class=\"text\">")
        .append(value == null ? "—" : Html.esc(value)).append("</td></tr>\n");
  }

  private static void overview(StringBuilder h, JsonNode groups) {
    List<String> names = ReportGroups.ordered(groups);
    if (names.isEmpty()) {
      h.append("<p class=\"nodata\">no data: llm-summary.json has no groups</p>\n");
      return;
    }
    h.append("<table id=\"overview\">\n<tr><th class=\"k\">group</th><th>calls</th><th>ok</th><th>failed</th>"
        + "<th>error rate</th><th>requests/s</th><th>output tok/s</th><th>TTFT p50</th><th>TTFT p95</th>"
        + "<th>TTFT p99</th><th>TPOT p95</th><th>ITL p95</th><th>E2E p50</th><th>E2E p95</th><th>E2E p99</th></tr>\n");
    for (String g : names) {
      JsonNode n = groups.path(g);
      h.append("<tr><td class=\"k\">").append(Html.esc(g)).append("</td>");
      cell(h, n.path("calls"), 0, "overview." + g + ".calls");
      cell(h, n.path("ok"), 0, "overview." + g + ".ok");
      cell(h, n.path("failed"), 0, "overview." + g + ".failed");
      h.append("<td").append(n.path("failed").asLong(0) > 0 ? " class=\"bad\"" : "").append(" data-key=\"overview.")
          .append(Html.esc(g)).append(".error_rate\">").append(Html.esc(Html.percent(number(n.path("error_rate")))))
          .append("</td>");
      cell(h, n.path("requests_per_s"), 2, null);
      cell(h, n.path("throughput_output_tokens_per_s"), 1, null);
      cell(h, n.path("ttft_ms").path("p50"), 2, null);
      cell(h, n.path("ttft_ms").path("p95"), 2, null);
      cell(h, n.path("ttft_ms").path("p99"), 2, null);
      cell(h, n.path("tpot_ms").path("p95"), 2, null);
      cell(h, n.path("itl_ms").path("p95"), 2, null);
      cell(h, n.path("e2e_ms").path("p50"), 2, null);
      cell(h, n.path("e2e_ms").path("p95"), 2, null);
      cell(h, n.path("e2e_ms").path("p99"), 2, null);
      h.append("</tr>\n");
    }
    h.append("</table>\n<p class=\"note\">latencies in ms; — means no sample</p>\n");
  }

  private static void groupTables(StringBuilder h, JsonNode groups) {
    List<String> names = ReportGroups.ordered(groups);
    if (names.isEmpty()) {
      return;
    }
    h.append("<h2>Percentiles per group</h2>\n<div class=\"groups\">\n");
    for (String g : names) {
      JsonNode n = groups.path(g);
      h.append("<section class=\"group\"><h3>").append(Html.esc(g)).append("</h3>\n<p>calls ")
          .append(Html.num(number(n.path("calls")), 0)).append(" · ok ").append(Html.num(number(n.path("ok")), 0))
          .append(" · failed ").append(Html.num(number(n.path("failed")), 0)).append(" · error rate ")
          .append(Html.esc(Html.percent(number(n.path("error_rate"))))).append(" · output tokens ")
          .append(Html.num(number(n.path("output_tokens")), 0)).append(" · ")
          .append(Html.num(number(n.path("requests_per_s")), 2)).append(" req/s · ")
          .append(Html.num(number(n.path("throughput_output_tokens_per_s")), 1)).append(" output tok/s</p>\n");
      h.append("<table class=\"group-table\" id=\"group-").append(Html.esc(g)).append("\">\n<tr><th class=\"k\">metric</th>");
      for (String s : STATS) {
        h.append("<th>").append(s).append("</th>");
      }
      h.append("</tr>\n");
      for (Map.Entry<String, String> m : METRICS.entrySet()) {
        JsonNode dist = n.path(m.getKey());
        h.append("<tr><td class=\"k\">").append(Html.esc(m.getValue())).append("</td>");
        for (String s : STATS) {
          cell(h, dist.path(s), "count".equals(s) ? 0 : 2, "groups." + g + "." + m.getKey() + "." + s);
        }
        h.append("</tr>\n");
      }
      h.append("</table>\n");
      JsonNode errors = n.path("sample_errors");
      if (errors.isArray() && !errors.isEmpty()) {
        h.append("<p>sample errors:</p><ul>\n");
        for (JsonNode e : errors) {
          h.append("<li>").append(Html.esc(e.isTextual() ? e.asText() : e.toString())).append("</li>\n");
        }
        h.append("</ul>\n");
      }
      h.append("</section>\n");
    }
    h.append("</div>\n");
  }

  /** SLO: a table per-group when slo.groups exists (columns = every scalar field), other fields as key/value. */
  private static void slo(StringBuilder h, JsonNode slo) {
    if (!slo.isObject() || slo.isEmpty()) {
      return;
    }
    h.append("<h2>SLO attainment and goodput</h2>\n");
    ObjectNode rest = slo.deepCopy();
    JsonNode groups = rest.remove("groups");
    if (groups != null && groups.isObject() && !groups.isEmpty()) {
      List<String> names = ReportGroups.ordered(groups);
      Set<String> columns = new LinkedHashSet<>();
      for (String g : names) {
        columns.addAll(flatten(groups.path(g)).keySet());
      }
      h.append("<table id=\"slo\">\n<tr><th class=\"k\">group</th>");
      for (String c : columns) {
        h.append("<th>").append(Html.esc(c)).append("</th>");
      }
      h.append("</tr>\n");
      for (String g : names) {
        Map<String, String> values = flatten(groups.path(g));
        h.append("<tr><td class=\"k\">").append(Html.esc(g)).append("</td>");
        for (String c : columns) {
          String v = values.get(c);
          h.append("<td data-key=\"slo.").append(Html.esc(g + "." + c)).append("\">")
              .append(v == null ? "—" : Html.esc(v)).append("</td>");
        }
        h.append("</tr>\n");
      }
      h.append("</table>\n");
    }
    if (!rest.isEmpty()) {
      keyValues(h, flatten(rest), "slo");
    }
  }

  /**
   * Server-side figures. Where summary.server has ttft_ms / itl_ms / tpot_ms / e2e_ms distributions (same
   * shape as a group's), they are shown beside the client's overall ones with the client − server gap:
   * the time spent in the network, the HTTP stack and the client itself. Everything else as key/value.
   */
  private static void server(StringBuilder h, JsonNode server, JsonNode overall) {
    if (!server.isObject() || server.isEmpty()) {
      return;
    }
    h.append("<h2>Server-side figures</h2>\n");
    ObjectNode rest = server.deepCopy();
    List<String[]> rows = new ArrayList<>();
    for (String m : new String[] {"ttft_ms", "itl_ms", "tpot_ms", "e2e_ms"}) {
      if (server.path(m).isObject()) {
        rows.add(new String[] {m, METRICS.get(m)});
        rest.remove(m);
      }
    }
    if (!rows.isEmpty()) {
      String[] ps = {"p50", "p90", "p95", "p99", "mean"};
      h.append("<table id=\"server-vs-client\">\n<tr><th class=\"k\">metric</th><th class=\"k\">side</th>");
      for (String p : ps) {
        h.append("<th>").append(p).append("</th>");
      }
      h.append("</tr>\n");
      for (String[] r : rows) {
        JsonNode c = overall.path(r[0]);
        JsonNode s = server.path(r[0]);
        h.append("<tr><td class=\"k\" rowspan=\"3\">").append(Html.esc(r[1])).append("</td><td class=\"k\">client</td>");
        for (String p : ps) {
          cell(h, c.path(p), 2, null);
        }
        h.append("</tr>\n<tr><td class=\"k\">server</td>");
        for (String p : ps) {
          cell(h, s.path(p), 2, "server." + r[0] + "." + p);
        }
        h.append("</tr>\n<tr><td class=\"k\">client − server</td>");
        for (String p : ps) {
          Double a = number(c.path(p));
          Double b = number(s.path(p));
          h.append("<td data-key=\"gap.").append(r[0]).append('.').append(p).append("\">")
              .append(a == null || b == null ? "—" : Html.esc(Html.num(a - b, 2))).append("</td>");
        }
        h.append("</tr>\n");
      }
      h.append("</table>\n<p class=\"note\">server percentiles come from the server's histogram buckets (coarse); "
          + "the gap is the network, the HTTP stack and the client</p>\n");
    }
    if (!rest.isEmpty()) {
      keyValues(h, flatten(rest), "server");
    }
  }

  private static void definitions(StringBuilder h, JsonNode definitions) {
    h.append("<h2>Metric definitions</h2>\n");
    if (!definitions.isObject() || definitions.isEmpty()) {
      h.append("<p class=\"nodata\">no data: llm-summary.json has no definitions</p>\n");
      return;
    }
    h.append("<table id=\"definitions\">\n<tr><th class=\"k\">metric</th><th class=\"k\">definition</th></tr>\n");
    for (Iterator<Map.Entry<String, JsonNode>> it = definitions.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      h.append("<tr><td class=\"k\"><code>").append(Html.esc(e.getKey())).append("</code></td><td class=\"text\">")
          .append(Html.esc(e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static void keyValues(StringBuilder h, Map<String, String> values, String id) {
    h.append("<table id=\"").append(Html.esc(id)).append("\">\n");
    for (Map.Entry<String, String> e : values.entrySet()) {
      row(h, e.getKey(), RunInfo.isSecretKey(e.getKey()) && !e.getValue().isEmpty() ? RunInfo.REDACTED : e.getValue());
    }
    h.append("</table>\n");
  }

  private static void cell(StringBuilder h, JsonNode value, int decimals, String key) {
    h.append("<td");
    if (key != null) {
      h.append(" data-key=\"").append(Html.esc(key)).append('"');
    }
    h.append('>').append(Html.esc(Html.num(number(value), decimals))).append("</td>");
  }

  /** {@link JsonFlattener}'s dotted keys, with JSON null as "—" and numbers as the page writes figures. */
  static Map<String, String> flatten(JsonNode node) {
    return JsonFlattener.flatten(node, n -> n.isNull() ? "—" : n.isNumber() ? Html.num(n.numberValue(), 6) : n.asText());
  }

  static Double number(JsonNode n) {
    return n != null && n.isNumber() ? n.asDouble() : null;
  }

  static String text(JsonNode n, String fallback) {
    return n == null || n.isMissingNode() || n.isNull() ? fallback : n.asText();
  }

  static String firstText(JsonNode... nodes) {
    for (JsonNode n : nodes) {
      String t = text(n, null);
      if (t != null && !t.isBlank()) {
        return t;
      }
    }
    return null;
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
