package io.llmload.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmload.config.Redaction;
import io.llmload.metrics.Numbers;
import java.nio.file.Files;
import java.nio.file.Path;

/** The headline cards and the run's identity: target, model, versions, times. */
final class RunSection {
  private RunSection() {
  }

  static void cards(StringBuilder h, JsonNode summary) {
    JsonNode totals = summary.path("totals");
    JsonNode overall = summary.path("groups").path("overall");
    if (totals.isMissingNode() && overall.isMissingNode()) {
      return;
    }
    h.append("<div class=\"cards\">\n");
    card(h, "calls", Numbers.rounded(Nodes.number(totals.path("calls")), 0));
    card(h, "ok", Numbers.rounded(Nodes.number(totals.path("ok")), 0));
    card(h, "failed", Numbers.rounded(Nodes.number(totals.path("failed")), 0));
    card(h, "error rate", Numbers.percent(Nodes.number(overall.path("error_rate"))));
    card(h, "output tokens/s", Numbers.rounded(Nodes.number(totals.path("output_tokens_per_s")), 1));
    card(h, "requests/s", Numbers.rounded(Nodes.number(totals.path("requests_per_s")), 2));
    card(h, "TTFT p95 (ms)", Numbers.rounded(Nodes.number(overall.path("ttft_ms").path("p95")), 2));
    card(h, "TPOT p95 (ms)", Numbers.rounded(Nodes.number(overall.path("tpot_ms").path("p95")), 2));
    card(h, "E2E p95 (ms)", Numbers.rounded(Nodes.number(overall.path("e2e_ms").path("p95")), 2));
    h.append("</div>\n");
  }

  private static void card(StringBuilder h, String label, String value) {
    h.append("<div class=\"card\"><div class=\"v\">").append(Html.esc(value)).append("</div><div class=\"l\">")
        .append(Html.esc(label)).append("</div></div>\n");
  }

  /** The run table (summary "run", falling back to run.json) and the link to Gatling's own report. */
  static void table(StringBuilder h, Path runDir, JsonNode run, JsonNode runInfo) {
    JsonNode target = run.path("target");
    h.append("<h2>Run</h2>\n<table id=\"run\">\n");
    String kind = Nodes.text(target.path("kind"), null);
    String profile = Nodes.text(target.path("sim_profile"), null);
    Tables.row(h, "target", Redaction.url(Nodes.text(target.path("base_url"), null)));
    Tables.row(h, "target kind", kind == null ? null
        : "simulator".equals(kind) && profile != null ? "simulator (profile " + profile + ")" : kind);
    Tables.row(h, "model", Nodes.firstText(target.path("model"), runInfo.path("model")));
    Tables.row(h, "server version", Nodes.firstText(target.path("server_version"), runInfo.path("server_version")));
    Tables.row(h, "simulation", Nodes.text(run.path("simulation"), null));
    Tables.row(h, "started", Nodes.text(run.path("started_at"), null));
    Tables.row(h, "ended", Nodes.text(run.path("ended_at"), null));
    Tables.row(h, "duration (s)", run.path("duration_s").isNumber() ? Numbers.rounded(run.path("duration_s").asDouble(), 1) : null);
    Tables.row(h, "suite version", Nodes.firstText(run.path("suite_version"), runInfo.path("suite_version")));
    Tables.row(h, "Gatling version", Nodes.firstText(run.path("gatling_version"), runInfo.path("gatling_version")));
    h.append("</table>\n");
    if (Files.isRegularFile(runDir.resolve("index.html"))) {
      h.append("<p><a href=\"index.html\">Gatling's own report (index.html)</a></p>\n");
    }
  }
}
