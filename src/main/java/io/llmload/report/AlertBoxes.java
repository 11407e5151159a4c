package io.llmload.report;

import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;

/** The boxes at the top of llm-report.html, to read before any number: the verdict and the client's health. */
final class AlertBoxes {
  private AlertBoxes() {
  }

  /** PASSED/FAILED with every assertion, when the summary has any. */
  static void verdict(StringBuilder h, JsonNode assertions) {
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
          .append("<strong>").append(Html.esc(Nodes.text(a.path("name"), "(unnamed)"))).append("</strong>")
          .append(a.hasNonNull("message") ? ": " + Html.esc(Nodes.text(a.path("message"), "")) : "").append("</li>\n");
    }
    h.append("</ul></div>\n");
  }

  /**
   * The client's warnings, when client_health has any: each says what happened to measured figures (calls
   * whose stamps a client pause held, and by how much). The client is called saturated only when its CPU
   * was (client_health.cpu_saturated).
   */
  static void clientHealth(StringBuilder h, JsonNode health) {
    JsonNode warnings = health.path("warnings");
    if (!warnings.isArray() || warnings.isEmpty()) {
      return;
    }
    boolean saturated = health.path("cpu_saturated").asBoolean(false);
    h.append("<div id=\"client-health\" class=\"box warn\"><h2>⚠ ")
        .append(saturated ? "The client was saturated: its figures may measure the load generator, not the server"
            : "Some measured stamps may be late: the client was held up while measured calls ran")
        .append("</h2>\n<ul>\n");
    for (JsonNode w : warnings) {
      String message = w.isTextual() ? w.asText()
          : w.hasNonNull("message") ? Nodes.text(w.path("message"), "") : w.toString();
      h.append("<li>").append(Html.esc(message)).append("</li>\n");
    }
    h.append("</ul></div>\n");
  }

  /**
   * A run merged from several injectors' shards (llm-summary.json "merge"): which shards it holds, and a
   * warning naming any shard that is missing.
   */
  static void merge(StringBuilder h, JsonNode merge) {
    if (!merge.isObject()) {
      return;
    }
    List<String> merged = new java.util.ArrayList<>();
    merge.path("merged").forEach(s -> merged.add(s.asText()));
    List<String> missing = new java.util.ArrayList<>();
    merge.path("missing").forEach(s -> missing.add(s.asText()));
    h.append("<div id=\"merge\" class=\"box").append(missing.isEmpty() ? "" : " warn").append("\"><h2>")
        .append(missing.isEmpty() ? "" : "⚠ ").append("Merged from ").append(merged.size()).append(" of ")
        .append(Html.esc(Nodes.text(merge.path("shards"), "?"))).append(" injectors (run id ")
        .append(Html.esc(Nodes.text(merge.path("run_id"), "?"))).append(")</h2>\n<p>shards ")
        .append(Html.esc(String.join(", ", merged)));
    if (!missing.isEmpty()) {
      h.append("; <strong>missing: shard ").append(Html.esc(String.join(", ", missing))).append("</strong> — ")
          .append(Html.esc(Nodes.text(merge.path("warning"), "")));
    }
    h.append("</p></div>\n");
  }

  /** The behind-schedule warning, when the run fell behind its send schedule (totals.behind_schedule). */
  static void behindSchedule(StringBuilder h, JsonNode totals) {
    if (!totals.path("behind_schedule").isTextual()) {
      return;
    }
    h.append("<div id=\"behind-schedule\" class=\"box warn\"><h2>⚠ The run fell behind its schedule</h2>\n<p>")
        .append(Html.esc(totals.path("behind_schedule").asText())).append("</p></div>\n");
  }
}
