package io.llmload.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.llmload.metrics.Numbers;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Server-side figures (llm-summary.json "server", docs/server-metrics.md): the server's latency
 * percentiles beside the client's with the client − server gap (the network, the HTTP stack and the
 * client itself), the latencies only the server sees (queue, prefill, decode), and its load and token
 * figures with their units, beside the client's where the client measures the same thing.
 */
final class ServerSection {
  private static final String[] STATS = {"count", "p50", "p90", "p95", "p99", "mean"};

  /** A server latency histogram: summary key, label, and whether the client measures it too. */
  private record Latency(String key, String label, boolean client) {
  }

  private static final List<Latency> LATENCIES = List.of(
      new Latency("ttft_ms", "TTFT", true),
      new Latency("tpot_ms", "TPOT", true),
      new Latency("itl_ms", "ITL", true),
      new Latency("e2e_ms", "E2E", true),
      new Latency("queue_ms", "queue time", false),
      new Latency("prefill_ms", "prefill", false),
      new Latency("decode_ms", "decode", false));

  private ServerSection() {
  }

  static void append(StringBuilder h, JsonNode server, JsonNode summary) {
    if (!server.isObject() || server.isEmpty()) {
      return;
    }
    h.append("<h2>Server-side figures</h2>\n");
    if (server.path("enabled").isBoolean() && !server.path("enabled").asBoolean()) {
      h.append("<p class=\"nodata\">no data: ").append(Html.esc(Nodes.firstText(server.path("note"),
          TextNode.valueOf("the server's metrics were not scraped")))).append("</p>\n");
      return;
    }
    // llm-summary.json keeps the histograms under "latency"; a summary with them at the top level reads the same
    JsonNode latency = server.path("latency").isObject() ? server.path("latency") : server;
    latencies(h, latency, summary.path("groups").path("overall"), Nodes.text(server.path("quantile_note"), null));
    load(h, server, summary.path("totals"));
  }

  private static void latencies(StringBuilder h, JsonNode latency, JsonNode overall, String quantileNote) {
    List<Latency> shown = new ArrayList<>();
    for (Latency l : LATENCIES) {
      JsonNode s = latency.path(l.key());
      if (s.isObject() && !(s.path("count").isNumber() && s.path("count").asLong() == 0)) {
        shown.add(l);
      }
    }
    if (shown.isEmpty()) {
      h.append("<p class=\"nodata\">no data: the server exported no latency histogram with observations</p>\n");
      return;
    }
    h.append("<table id=\"server-vs-client\">\n<tr><th class=\"k\">latency (ms)</th><th class=\"k\">measured by</th>");
    for (String p : STATS) {
      h.append("<th>").append(p).append("</th>");
    }
    h.append("</tr>\n");
    for (Latency l : shown) {
      JsonNode s = latency.path(l.key());
      JsonNode c = overall.path(l.key());
      boolean both = l.client() && c.isObject();
      h.append("<tr><td class=\"k\"").append(both ? " rowspan=\"3\"" : "").append('>').append(Html.esc(l.label()))
          .append("</td>");
      if (both) {
        h.append("<td class=\"k\">client</td>");
        for (String p : STATS) {
          Tables.cell(h, c.path(p), "count".equals(p) ? 0 : 2, null);
        }
        h.append("</tr>\n<tr>");
      }
      h.append("<td class=\"k\">server</td>");
      for (String p : STATS) {
        Tables.cell(h, s.path(p), "count".equals(p) ? 0 : 2, "server." + l.key() + "." + p);
      }
      h.append("</tr>\n");
      if (both) {
        h.append("<tr class=\"gap\"><td class=\"k\">client − server</td>");
        for (String p : STATS) {
          Double a = Nodes.number(c.path(p));
          Double b = Nodes.number(s.path(p));
          String gap = "count".equals(p) ? "" : a == null || b == null ? Numbers.DASH : Numbers.rounded(a - b, 2);
          Tables.cell(h, gap, "gap." + l.key() + "." + p);
        }
        h.append("</tr>\n");
      }
    }
    h.append("</table>\n<p class=\"note\">client: every ok call (nearest rank); server: its histograms over the "
        + "scrape window; the gap is the network, the HTTP stack and the client. ").append(Html.esc(quantileNote == null ? "" : quantileNote)).append("</p>\n");
  }

  private static void load(StringBuilder h, JsonNode server, JsonNode totals) {
    h.append("<table id=\"server-load\">\n<tr><th class=\"k\">figure</th><th>server</th><th>client</th>"
        + "<th class=\"k\">unit</th></tr>\n");
    loadRow(h, "requests running (max)", server.path("max_requests_running"), 2, null, "requests", "max_requests_running");
    loadRow(h, "requests waiting (max)", server.path("max_requests_waiting"), 2, null, "requests", "max_requests_waiting");
    percentRow(h, "KV cache usage (max)", server.path("max_kv_cache_usage_perc"), "max_kv_cache_usage_perc");
    loadRow(h, "preemptions", server.path("preemptions"), 0, null, "requests", "preemptions");
    percentRow(h, "prefix cache hit rate", server.path("prefix_cache_hit_rate"), "prefix_cache_hit_rate");
    loadRow(h, "requests finished", server.path("requests_success_total"), 0, totals.path("ok"), "requests",
        "requests_success_total");
    loadRow(h, "prompt tokens", server.path("prompt_tokens"), 0, null, "tokens", "prompt_tokens");
    loadRow(h, "generation tokens", server.path("generation_tokens"), 0, totals.path("output_tokens"), "tokens",
        "generation_tokens");
    loadRow(h, "prompt tokens/s", server.path("prompt_tokens_per_s"), 1, null, "tokens/s", "prompt_tokens_per_s");
    loadRow(h, "generation tokens/s", server.path("generation_tokens_per_s"), 1, totals.path("output_tokens_per_s"),
        "tokens/s", "generation_tokens_per_s");
    loadRow(h, "window", server.path("window").path("duration_s"), 1, totals.path("window_s"), "s", "window.duration_s");
    h.append("</table>\n");
    List<String> notes = new ArrayList<>();
    String lastFailure = Nodes.firstText(server.path("last_scrape_failure"), server.path("last_failure"));
    String reasons = reasons(server.path("requests_success_by_reason"));
    if (reasons != null) {
      notes.add("finished by reason: " + reasons);
    }
    notes.add("scraped " + Nodes.text(server.path("urls"), "?") + " URL(s): " + Nodes.text(server.path("scrapes_ok"), "?")
        + " scrapes ok, " + Nodes.text(server.path("scrapes_failed"), "?") + " failed"
        + (lastFailure == null ? "" : " (last: " + lastFailure + ")"));
    if (server.hasNonNull("note")) {
      notes.add(server.path("note").asText());
    }
    JsonNode resets = server.path("counter_resets");
    if (resets.isArray() && !resets.isEmpty()) {
      notes.add(resets.size() + " server restart(s) seen: figures add up the segments around them");
    }
    notes.add("client: requests finished = ok calls, tokens = output tokens of ok calls, window = the measured "
        + "window; requests running/waiting and KV cache: the largest value of any scrape; — the server does "
        + "not export it");
    h.append("<p class=\"note\">").append(Html.esc(String.join("; ", notes))).append("</p>\n");
  }

  private static void loadRow(StringBuilder h, String label, JsonNode server, int decimals, JsonNode client,
      String unit, String key) {
    h.append("<tr><th class=\"k\">").append(Html.esc(label)).append("</th>");
    Tables.cell(h, server, decimals, "server." + key);
    Tables.cell(h, client == null ? "" : Numbers.rounded(Nodes.number(client), decimals), null);
    h.append("<td class=\"k\">").append(Html.esc(unit)).append("</td></tr>\n");
  }

  /** A fraction (0-1) of the summary shown in per cent. */
  private static void percentRow(StringBuilder h, String label, JsonNode fraction, String key) {
    Double f = Nodes.number(fraction);
    h.append("<tr><th class=\"k\">").append(Html.esc(label)).append("</th>");
    Tables.cell(h, Numbers.rounded(f == null ? null : f * 100.0, 1), "server." + key);
    h.append("<td></td><td class=\"k\">%</td></tr>\n");
  }

  private static String reasons(JsonNode byReason) {
    if (!byReason.isObject() || byReason.isEmpty()) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = byReason.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      parts.add(e.getKey() + " " + Numbers.rounded(Nodes.number(e.getValue()), 0));
    }
    return String.join(", ", parts);
  }
}
