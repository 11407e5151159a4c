package io.llmload.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.llmload.compare.FigureResult;
import io.llmload.compare.Metric;
import io.llmload.compare.RunComparison;
import io.llmload.compare.Stat;
import io.llmload.config.Redaction;
import io.llmload.matrix.CommandLine;
import io.llmload.matrix.Headline;
import io.llmload.matrix.MatrixAnalysis;
import io.llmload.matrix.MatrixAnalysis.Entry;
import io.llmload.matrix.MatrixRanking;
import io.llmload.matrix.Outcome;
import io.llmload.matrix.ParetoFront;
import io.llmload.metrics.Numbers;
import io.llmload.metrics.ServerText;
import io.llmload.run.AtomicFiles;
import io.llmload.run.RunFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The matrix report, written into the matrix folder: matrix.html (self-contained: inline CSS and SVG, no script),
 * matrix.json (the same for scripts, schema 1) and matrix.md, plus compare-&lt;baseline&gt;_vs_&lt;label&gt;.html
 * and .json for each configuration compared with the baseline (compare's own pages). Layout in docs/matrix.md.
 */
public final class MatrixReport {
  public static final String HTML = "matrix.html";
  public static final String JSON_FILE = "matrix.json";
  public static final String MARKDOWN = "matrix.md";
  public static final int SCHEMA = 1;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Svg.Frame FRAME = new Svg.Frame(520, 320, 60, 90, 26, 40, 12);
  /** The figures of the overall group shown per configuration against the baseline. */
  private static final List<Metric> KEY_METRICS = List.of(Metric.TTFT, Metric.TPOT, Metric.E2E, Metric.ITL,
      Metric.OUTPUT_THROUGHPUT, Metric.REQUEST_THROUGHPUT, Metric.ERROR_RATE);

  /** The files written. */
  public record Written(Path html, Path json, Path markdown) {
  }

  private MatrixReport() {
  }

  public static Written write(MatrixAnalysis a) {
    for (RunComparison c : a.comparisons()) {
      String name = comparePage(c);
      AtomicFiles.write(a.outDir().resolve(name + ".html"), CompareHtmlReport.render(List.of(c.baseline(),
          c.current()), List.of(c), a.comparator()));
      AtomicFiles.write(a.outDir().resolve(name + ".json"), CompareJsonReport.render(List.of(c), a.comparator(), null));
    }
    Path json;
    try {
      json = AtomicFiles.write(a.outDir().resolve(JSON_FILE), JSON.writeValueAsString(json(a)) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path md = AtomicFiles.write(a.outDir().resolve(MARKDOWN), markdown(a));
    Path html = AtomicFiles.write(a.outDir().resolve(HTML), html(a));
    return new Written(html, json, md);
  }

  /** compare-&lt;baseline&gt;_vs_&lt;run&gt;, without extension: the configuration's compare page. */
  static String comparePage(RunComparison c) {
    return "compare-" + safe(c.baseline().label()) + "_vs_" + safe(c.current().label());
  }

  private static String safe(String label) {
    return label.replaceAll("[^A-Za-z0-9._-]+", "_");
  }

  // ---------------------------------------------------------------- JSON

  static Map<String, Object> json(MatrixAnalysis a) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema", SCHEMA);
    root.put("name", a.spec().name());
    root.put("file", a.spec().file().toString());
    root.put("started_at", a.startedAt().toString());
    root.put("ended_at", a.endedAt().toString());
    root.put("simulation", a.spec().simulation());
    root.put("baseline", a.spec().baseline());
    Map<String, Object> slo = new LinkedHashMap<>();
    a.spec().slo().forEach((k, v) -> slo.put(k.substring("llm.slo.".length()), Double.parseDouble(v)));
    root.put("slo", slo);
    root.put("max_error_rate", a.spec().maxErrorRate());
    List<Object> configs = new ArrayList<>();
    for (Entry e : a.entries()) {
      configs.add(entryJson(a, e));
    }
    root.put("configurations", configs);
    Map<String, Object> pareto = new LinkedHashMap<>();
    pareto.put("ttft_p95", a.ttftFront().stream().map(ParetoFront.Point::label).toList());
    pareto.put("tpot_p95", a.tpotFront().stream().map(ParetoFront.Point::label).toList());
    root.put("pareto", pareto);
    List<Object> ranking = new ArrayList<>();
    for (MatrixRanking.Place p : a.ranking()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rank", p.rank());
      m.put("label", p.candidate().label());
      m.put("meets_slo", p.candidate().meets());
      m.put("why_not", p.candidate().why());
      m.put("goodput_per_s", p.candidate().goodputPerS());
      m.put("output_tokens_per_s", p.candidate().outputTokensPerS());
      m.put("output_tokens_per_joule", p.candidate().tokensPerJoule());
      ranking.add(m);
    }
    root.put("ranking", ranking);
    List<Object> comparisons = new ArrayList<>();
    for (RunComparison c : a.comparisons()) {
      Map<String, Object> m = CompareJsonReport.comparison(c);
      m.put("page", comparePage(c) + ".html");
      comparisons.add(m);
    }
    root.put("comparisons", comparisons);
    root.put("comparison_problems", a.comparisonProblems());
    root.put("definitions", MatrixAnalysis.definitions());
    return root;
  }

  private static Map<String, Object> entryJson(MatrixAnalysis a, Entry e) {
    Outcome o = e.outcome();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("label", o.label());
    m.put("line", o.config().line());
    m.put("parameters", o.config().parameters());
    m.put("command", o.config().launched() ? CommandLine.shown(o.config().command()) : null);
    m.put("base_url", o.baseUrl() == null ? null : Redaction.url(o.baseUrl()));
    m.put("status", o.status().name().toLowerCase(Locale.ROOT));
    m.put("problem", o.problem() == null ? e.readProblem() : o.problem());
    m.put("log_tail", o.logTail());
    m.put("ready_s", o.readySeconds());
    m.put("server_pids", o.serverPids());
    m.put("stopped", o.stopped());
    m.put("run_exit", o.runExit());
    m.put("run_dir", relative(a, o.runDir()));
    m.put("server_log", relative(a, o.serverLog()));
    Headline h = e.headline();
    Map<String, Object> hm = null;
    if (h != null) {
      hm = new LinkedHashMap<>();
      hm.put("model", h.model());
      hm.put("calls", h.calls());
      hm.put("ok", h.ok());
      hm.put("failed", h.failed());
      hm.put("error_rate", h.errorRate());
      hm.put("output_tokens_per_s", h.outputTokensPerS());
      hm.put("requests_per_s", h.requestsPerS());
      hm.put("ttft_p50_ms", h.ttftP50Ms());
      hm.put("ttft_p95_ms", h.ttftP95Ms());
      hm.put("tpot_p95_ms", h.tpotP95Ms());
      hm.put("e2e_p95_ms", h.e2eP95Ms());
      hm.put("itl_p95_ms", h.itlP95Ms());
      hm.put("goodput_per_s", h.goodputPerS());
      hm.put("slo_attainment", h.sloAttainment());
      hm.put("slo_met", h.sloMet());
      hm.put("slo_broken", h.broken());
      hm.put("output_tokens_per_joule", h.tokensPerJoule());
    }
    m.put("headline", hm);
    MatrixAnalysis.Knee k = e.knee();
    Map<String, Object> km = null;
    if (k != null) {
      km = new LinkedHashMap<>();
      km.put("status", k.status());
      km.put("level", k.level());
      km.put("output_tokens_per_s", k.outputTokensPerS());
      km.put("goodput_per_s", k.goodputPerS());
      km.put("ttft_p95_ms", k.ttftP95Ms());
      km.put("tpot_p95_ms", k.tpotP95Ms());
      km.put("message", k.message());
    }
    m.put("knee", km);
    return m;
  }

  private static String relative(MatrixAnalysis a, Path p) {
    if (p == null) {
      return null;
    }
    Path abs = p.toAbsolutePath().normalize();
    Path root = a.outDir().toAbsolutePath().normalize();
    return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
  }

  // ---------------------------------------------------------------- Markdown

  public static String markdown(MatrixAnalysis a) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Server matrix ").append(a.spec().name()).append("\n\n");
    sb.append("Simulation `").append(a.spec().simulation()).append("`, baseline `").append(a.spec().baseline())
        .append("`, SLOs: ").append(slos(a)).append(".\n\n");
    List<Entry> failed = a.entries().stream().filter(e -> e.outcome().status() != Outcome.Status.RAN).toList();
    for (Entry e : failed) {
      sb.append("> **").append(e.outcome().label()).append(": ").append(statusText(e.outcome().status()))
          .append("** — ").append(ServerText.clean(e.outcome().problem())).append("\n");
    }
    if (!failed.isEmpty()) {
      sb.append('\n');
    }
    sb.append("## Ranking (highest goodput within the SLOs)\n\n");
    sb.append("| rank | configuration | meets SLOs | goodput/s | output tok/s | output tok/J |\n");
    sb.append("| ---: | --- | --- | ---: | ---: | ---: |\n");
    for (MatrixRanking.Place p : a.ranking()) {
      MatrixRanking.Candidate c = p.candidate();
      sb.append("| ").append(p.rank()).append(" | ").append(md(c.label())).append(" | ")
          .append(c.meets() ? "yes" : "no: " + md(c.why() == null ? "" : c.why())).append(" | ")
          .append(Numbers.rounded(c.goodputPerS(), 2)).append(" | ").append(Numbers.rounded(c.outputTokensPerS(), 1))
          .append(" | ").append(Numbers.rounded(c.tokensPerJoule(), 3)).append(" |\n");
    }
    sb.append("\n## Configurations\n\n");
    sb.append("| configuration | status | calls | error rate | output tok/s | TTFT p50 | TTFT p95 | TPOT p95 | E2E p95"
        + " | goodput/s | knee |\n");
    sb.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for (Entry e : a.entries()) {
      Headline h = e.headline();
      sb.append("| ").append(md(e.outcome().label())).append(" | ").append(statusText(e.outcome().status()))
          .append(" | ").append(h == null ? Numbers.DASH : Numbers.rounded(h.calls(), 0))
          .append(" | ").append(h == null ? Numbers.DASH : Numbers.percent(h.errorRate()))
          .append(" | ").append(h == null ? Numbers.DASH : Numbers.rounded(h.outputTokensPerS(), 1))
          .append(" | ").append(h == null ? Numbers.DASH : Numbers.rounded(h.ttftP50Ms(), 1))
          .append(" | ").append(h == null ? Numbers.DASH : Numbers.rounded(h.ttftP95Ms(), 1))
          .append(" | ").append(h == null ? Numbers.DASH : Numbers.rounded(h.tpotP95Ms(), 2))
          .append(" | ").append(h == null ? Numbers.DASH : Numbers.rounded(h.e2eP95Ms(), 1))
          .append(" | ").append(h == null ? Numbers.DASH : Numbers.rounded(h.goodputPerS(), 2))
          .append(" | ").append(e.knee() == null ? Numbers.DASH : md(kneeText(e.knee()))).append(" |\n");
    }
    sb.append("\nPareto front, output tok/s vs TTFT p95: ").append(labels(a.ttftFront()))
        .append("; vs TPOT p95: ").append(labels(a.tpotFront())).append(".\n\n");
    if (!a.comparisons().isEmpty()) {
      sb.append("## Against the baseline ").append(a.spec().baseline()).append(" (overall)\n\n");
      sb.append("| configuration | figure | baseline | run | Δ% | 95% CI | verdict |\n");
      sb.append("| --- | --- | ---: | ---: | ---: | ---: | --- |\n");
      for (RunComparison c : a.comparisons()) {
        for (FigureResult f : keyFigures(c)) {
          sb.append("| ").append(md(c.current().label())).append(" | ").append(f.figureWithUnit()).append(" | ")
              .append(Numbers.threeDigits(f.baseline())).append(" | ").append(Numbers.threeDigits(f.current()))
              .append(" | ").append(Numbers.signedPercent(f.deltaPct())).append(" | ").append(f.ciText())
              .append(" | ").append(f.change().text()).append(" |\n");
        }
      }
      sb.append('\n');
    }
    for (String p : a.comparisonProblems()) {
      sb.append("> ").append(ServerText.clean(p)).append("\n");
    }
    return sb.toString();
  }

  private static String md(String s) {
    return ServerText.clean(s).replace("|", "\\|");
  }

  private static String labels(List<ParetoFront.Point> front) {
    return front.isEmpty() ? "none" : front.stream().map(ParetoFront.Point::label).collect(Collectors.joining(", "));
  }

  private static String statusText(Outcome.Status s) {
    return switch (s) {
      case RAN -> "ran";
      case START_FAILED -> "failed to start";
      case RUN_FAILED -> "run failed";
    };
  }

  private static String kneeText(MatrixAnalysis.Knee k) {
    return k.status().replace('_', ' ') + (k.level() == null ? "" : " at " + Numbers.plain(k.level()) + ", "
        + Numbers.rounded(k.outputTokensPerS(), 1) + " tok/s");
  }

  private static String slos(MatrixAnalysis a) {
    if (a.spec().slo().isEmpty()) {
      return "none (every ok call is good; ranked by ok calls/s within max error rate "
          + Numbers.percent(a.spec().maxErrorRate()) + ")";
    }
    return a.spec().slo().entrySet().stream().map(e -> e.getKey().substring("llm.slo.".length()) + " " + e.getValue())
        .collect(Collectors.joining(", ")) + ", error rate at most " + Numbers.percent(a.spec().maxErrorRate());
  }

  /** The overall group's headline figures of a comparison, in {@link #KEY_METRICS} order (p95 for latencies). */
  static List<FigureResult> keyFigures(RunComparison c) {
    List<FigureResult> out = new ArrayList<>();
    for (Metric m : KEY_METRICS) {
      FigureResult f = c.figure("overall", m, Stat.P95);
      if (f == null) {
        f = c.figure("overall", m, Stat.VALUE);
      }
      if (f != null) {
        out.add(f);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- HTML

  static String html(MatrixAnalysis a) {
    StringBuilder h = new StringBuilder(32 * 1024);
    String title = "Server matrix: " + a.spec().name();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
            + " style-src 'unsafe-inline'\">\n")
        .append("<title>").append(Html.esc(title)).append("</title>\n<style>")
        .append("body{font-family:system-ui,sans-serif;margin:24px;color:#222}")
        .append("table{border-collapse:collapse;margin:8px 0 20px}")
        .append("td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}")
        .append("td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f5f5f5}")
        .append(".warn{border:2px solid #c00;background:#fee;color:#900;padding:10px 14px;margin:12px 0}")
        .append(".warn pre{color:#333;background:#fff;padding:6px;max-height:320px;overflow:auto;font-size:12px}")
        .append(".worse{color:#b00;font-weight:bold}.better{color:#080;font-weight:bold}.insufficient{color:#888}")
        .append(".no{color:#b00}.yes{color:#080}.charts{display:flex;flex-wrap:wrap;gap:8px}")
        .append("svg{background:#fff;border:1px solid #ddd}a{color:#1565c0}dt{font-weight:600}")
        .append("</style></head><body>\n");
    h.append("<h1>").append(Html.esc(title)).append("</h1>\n");
    h.append("<p>Simulation <code>").append(Html.esc(a.spec().simulation())).append("</code>; baseline <strong>")
        .append(Html.esc(a.spec().baseline())).append("</strong>; SLOs: ").append(Html.esc(slos(a)))
        .append("; ").append(Html.esc(a.startedAt().toString())).append(" to ").append(Html.esc(a.endedAt().toString()))
        .append(". Matrix file: <code>").append(Html.esc(a.spec().file().toString())).append("</code>.</p>\n");
    for (Entry e : a.entries()) {
      Outcome o = e.outcome();
      if (o.status() == Outcome.Status.RAN && e.readProblem() == null) {
        continue;
      }
      h.append("<div class=\"warn\" id=\"failed-").append(Html.esc(o.label())).append("\"><strong>")
          .append(Html.esc(o.label())).append(": ").append(statusText(o.status())).append("</strong> — ")
          .append(Html.esc(o.problem() == null ? e.readProblem() : o.problem()));
      if (o.logTail() != null && !o.logTail().isBlank()) {
        h.append("<br>Last lines of its log").append(o.serverLog() == null ? "" : " (<a href=\""
            + href(relative(a, o.serverLog())) + "\">" + Html.esc(relative(a, o.serverLog())) + "</a>)")
            .append(":<pre>").append(Html.esc(o.logTail())).append("</pre>");
      }
      h.append("</div>\n");
    }
    ranking(h, a);
    configurations(h, a);
    h.append("<h2>Pareto fronts</h2>\n<p>Filled points are on the front: no other configuration has at least their"
        + " output tok/s and at most their p95 latency (one of the two strictly better). Front along output tok/s: "
        + "TTFT p95 ").append(Html.esc(labels(a.ttftFront()))).append("; TPOT p95 ")
        .append(Html.esc(labels(a.tpotFront()))).append(".</p>\n<div class=\"charts\">\n");
    h.append(pareto(a, true)).append(pareto(a, false)).append("</div>\n");
    comparisons(h, a);
    h.append("<h2>Definitions</h2>\n<dl>");
    MatrixAnalysis.definitions().forEach((k, v) -> h.append("<dt>").append(Html.esc(k)).append("</dt><dd>")
        .append(Html.esc(v)).append("</dd>"));
    h.append("</dl>\n</body></html>\n");
    return h.toString();
  }

  private static void ranking(StringBuilder h, MatrixAnalysis a) {
    h.append("<h2>Ranking: highest goodput within the SLOs</h2>\n<table id=\"ranking\"><tr><th>rank</th>"
        + "<th>configuration</th><th>meets SLOs</th><th>goodput/s</th><th>output tok/s</th><th>output tok/J</th>"
        + "</tr>\n");
    for (MatrixRanking.Place p : a.ranking()) {
      MatrixRanking.Candidate c = p.candidate();
      h.append("<tr class=\"rank\" data-label=\"").append(Html.esc(c.label())).append("\"><td class=\"n\">")
          .append(p.rank()).append("</td><td>").append(Html.esc(c.label())).append("</td><td class=\"")
          .append(c.meets() ? "yes\">yes" : "no\">no: " + Html.esc(c.why() == null ? "" : c.why())).append("</td>")
          .append("<td class=\"n\">").append(Numbers.rounded(c.goodputPerS(), 2)).append("</td><td class=\"n\">")
          .append(Numbers.rounded(c.outputTokensPerS(), 1)).append("</td><td class=\"n\">")
          .append(Numbers.rounded(c.tokensPerJoule(), 3)).append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static void configurations(StringBuilder h, MatrixAnalysis a) {
    h.append("<h2>Configurations</h2>\n<table id=\"configurations\"><tr><th>configuration</th><th>parameters</th>"
        + "<th>status</th><th>ready after s</th><th>calls</th><th>error rate</th><th>output tok/s</th><th>req/s</th>"
        + "<th>TTFT p50</th><th>TTFT p95</th><th>TPOT p95</th><th>E2E p95</th><th>ITL p95</th><th>goodput/s</th>"
        + "<th>SLO attainment</th><th>output tok/J</th><th>knee</th><th>reports</th></tr>\n");
    for (Entry e : a.entries()) {
      Outcome o = e.outcome();
      Headline hd = e.headline();
      h.append("<tr class=\"config\" data-label=\"").append(Html.esc(o.label())).append("\"><td>")
          .append(Html.esc(o.label())).append(o.label().equals(a.spec().baseline()) ? " (baseline)" : "")
          .append("</td><td>").append(Html.esc(o.config().parameters().isEmpty() ? Numbers.DASH
              : o.config().parameters().toString())).append("</td><td>").append(statusText(o.status()))
          .append("</td>");
      num(h, o.readySeconds(), 1);
      if (hd == null) {
        h.append("<td colspan=\"12\">").append(Numbers.DASH).append("</td>");
      } else {
        num(h, hd.calls() == null ? null : hd.calls().doubleValue(), 0);
        h.append("<td class=\"n\">").append(Numbers.percent(hd.errorRate())).append("</td>");
        num(h, hd.outputTokensPerS(), 1);
        num(h, hd.requestsPerS(), 2);
        num(h, hd.ttftP50Ms(), 1);
        num(h, hd.ttftP95Ms(), 1);
        num(h, hd.tpotP95Ms(), 2);
        num(h, hd.e2eP95Ms(), 1);
        num(h, hd.itlP95Ms(), 1);
        num(h, hd.goodputPerS(), 2);
        h.append("<td class=\"n\">").append(Numbers.percent(hd.sloAttainment())).append("</td>");
        num(h, hd.tokensPerJoule(), 3);
      }
      h.append("<td>").append(e.knee() == null ? Numbers.DASH : Html.esc(kneeText(e.knee()))).append("</td><td>");
      List<String> links = new ArrayList<>();
      if (o.runDir() != null) {
        String run = relative(a, o.runDir());
        links.add("<a href=\"" + href(run) + "/" + RunFiles.REPORT + "\">LLM report</a>");
      }
      if (o.serverLog() != null) {
        links.add("<a href=\"" + href(relative(a, o.serverLog())) + "\">server log</a>");
      }
      for (RunComparison c : a.comparisons()) {
        if (c.current().label().equals(o.label())) {
          links.add("<a href=\"" + href(comparePage(c) + ".html") + "\">vs baseline</a>");
        }
      }
      h.append(String.join(" · ", links)).append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static void num(StringBuilder h, Double v, int decimals) {
    h.append("<td class=\"n\">").append(Numbers.rounded(v, decimals)).append("</td>");
  }

  private static void comparisons(StringBuilder h, MatrixAnalysis a) {
    h.append("<h2>Against the baseline ").append(Html.esc(a.spec().baseline())).append("</h2>\n");
    for (String p : a.comparisonProblems()) {
      h.append("<p class=\"no\">").append(Html.esc(p)).append("</p>\n");
    }
    if (a.comparisons().isEmpty()) {
      return;
    }
    h.append("<p>Overall group, Δ = configuration − baseline, 95 % confidence interval of Δ by compare's seeded"
        + " bootstrap (").append(a.comparator().resamples()).append(" resamples, seed ").append(a.comparator().seed())
        .append("; docs/compare.md); a verdict only when the interval excludes 0. Every group and the CDFs: each"
        + " configuration's compare page.</p>\n");
    for (RunComparison c : a.comparisons()) {
      h.append("<h3>").append(Html.esc(c.current().label())).append(" vs ").append(Html.esc(c.baseline().label()))
          .append(" (<a href=\"").append(href(comparePage(c) + ".html")).append("\">compare page</a>)</h3>\n");
      if (!c.comparability().comparable()) {
        h.append("<p class=\"no\">NOT comparable: ").append(Html.esc(String.join("; ",
            c.comparability().differences()))).append("</p>\n");
      }
      h.append(CompareHtmlReport.table(keyFigures(c)));
    }
  }

  /** Output tok/s (y) against a p95 latency (x), one point per configuration; the front filled and joined. */
  static String pareto(MatrixAnalysis a, boolean ttft) {
    String latency = ttft ? "TTFT p95 ms" : "TPOT p95 ms";
    List<ParetoFront.Point> points = a.entries().stream().map(e -> ttft ? e.ttft() : e.tpot())
        .filter(p -> p != null && p.maximise() != null && p.minimise() != null).toList();
    List<ParetoFront.Point> front = ttft ? a.ttftFront() : a.tpotFront();
    Set<String> onFront = front.stream().map(ParetoFront.Point::label).collect(Collectors.toSet());
    Svg svg = Svg.open(FRAME, "class=\"pareto\" data-latency=\"" + (ttft ? "ttft" : "tpot") + "\" ", "")
        .title("output tok/s vs " + latency, 15);
    if (points.isEmpty()) {
      return svg.empty("no configuration measured");
    }
    double maxX = points.stream().mapToDouble(ParetoFront.Point::minimise).max().orElse(1);
    double maxY = points.stream().mapToDouble(ParetoFront.Point::maximise).max().orElse(1);
    svg.axes(Svg.Axis.linear(0, Svg.nice(maxX * 1.1)), Svg.Axis.linear(0, Svg.nice(maxY * 1.1)))
        .grid(v -> Numbers.significant(v, 6), true).axisTitles(latency, "output tok/s");
    List<double[]> line = new ArrayList<>();
    for (ParetoFront.Point p : front) {
      line.add(new double[] {p.minimise(), p.maximise()});
    }
    line.sort((x, y) -> Double.compare(x[0], y[0]));
    if (line.size() > 1) {
      svg.polyline("#1f77b4", line);
    }
    int i = 0;
    for (ParetoFront.Point p : points) {
      double px = svg.px(p.minimise());
      double py = svg.py(p.maximise());
      boolean f = onFront.contains(p.label());
      svg.circle(f ? "front" : "dominated", px, py, 5, f ? "fill=\"#1f77b4\"" : "fill=\"#fff\" stroke=\"#888\"");
      svg.text(px + 7, i++ % 2 == 0 ? py - 6 : py + 13, p.label(), "start", 10);
    }
    return svg.close();
  }

  private static String href(String relative) {
    StringBuilder sb = new StringBuilder();
    for (String part : relative.split("/")) {
      sb.append(sb.length() == 0 ? "" : "/")
          .append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return sb.toString();
  }
}
