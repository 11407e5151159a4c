package io.llmload.report;

import io.llmload.metrics.Numbers;
import io.llmload.run.RunFolderName;
import io.llmload.run.AtomicFiles;
import io.llmload.run.RunFiles;
import io.llmload.run.RunFolder;
import io.llmload.run.RunFolderException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The run archive: every finished run folder (Gatling's report files and our llm-* files side by side)
 * is copied to reports/&lt;yyyyMMdd-HHmmss&gt;-&lt;label&gt;/ ({@link RunFolderName}: the run folder's own name), never over an earlier one, and
 * reports/index.html lists every archived run, newest first, with its headline figures.
 */
public final class RunArchive {
  public static final String INDEX = "index.html";
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunArchive() {
  }

  /**
   * Copies the whole of {@code runDir} to a new folder under {@code reportsRoot} (suffix -2, -3… when the
   * name is taken), writes llm-report.html into the copy if the run has a summary but no page yet, then
   * rewrites reports/index.html. Returns the new folder.
   */
  public static Path archive(Path runDir, Path reportsRoot, String label, Instant start) {
    if (!Files.isDirectory(runDir)) {
      throw new IllegalArgumentException("run folder does not exist: " + runDir);
    }
    try {
      Files.createDirectories(reportsRoot);
      Path dest = RunFolderName.create(reportsRoot, start, label);
      copyTree(runDir, dest, reportsRoot);
      if (Files.isRegularFile(dest.resolve(RunFiles.SUMMARY))
          && !Files.isRegularFile(dest.resolve(RunFiles.REPORT))) {
        LlmReportPage.write(dest);
      }
      writeIndex(reportsRoot);
      return dest;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot archive " + runDir + " under " + reportsRoot, e);
    }
  }

  private static void copyTree(Path from, Path to, Path reportsRoot) throws IOException {
    Path fromAbs = from.toAbsolutePath().normalize();
    Path toAbs = to.toAbsolutePath().normalize();
    Path reportsAbs = reportsRoot.toAbsolutePath().normalize();
    // reports/ inside the run folder: copy neither the archive being made nor the earlier archives
    Path skip = reportsAbs.startsWith(fromAbs) && !reportsAbs.equals(fromAbs) ? reportsAbs : toAbs;
    try (Stream<Path> paths = Files.walk(fromAbs)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        if (source.startsWith(skip) || source.startsWith(toAbs) || AtomicFiles.isTemporary(source)) {
          continue; // nor the half-written file a killed writer left
        }
        Path target = toAbs.resolve(fromAbs.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  /** One archived run as listed in index.html. */
  record Entry(String folder, Instant started, JsonNode summary, String problem, boolean hasReport,
      boolean hasGatling) {
  }

  /** One server matrix's folder (it holds matrix.json and its runs' folders), listed as one entry. */
  record MatrixEntry(String folder, Instant started, JsonNode matrix, String problem) {
  }

  /**
   * Rewrites reportsRoot/index.html from every reportsRoot/&lt;folder&gt;/llm-summary.json, and every server matrix
   * folder (reportsRoot/&lt;folder&gt;/matrix.json) as one entry with its runs.
   */
  public static Path writeIndex(Path reportsRoot) {
    List<Entry> entries = new ArrayList<>();
    List<MatrixEntry> matrices = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(reportsRoot)) {
      for (Path dir : (Iterable<Path>) dirs::iterator) {
        Path matrixFile = dir.resolve(MatrixReport.JSON_FILE);
        if (Files.isDirectory(dir) && Files.isRegularFile(matrixFile)) {
          JsonNode matrix = null;
          String problem = null;
          try {
            matrix = JSON.readTree(matrixFile.toFile());
          } catch (IOException e) {
            problem = MatrixReport.JSON_FILE + " unreadable: " + e.getMessage();
          }
          Instant named = RunFolderName.start(dir.getFileName().toString());
          matrices.add(new MatrixEntry(dir.getFileName().toString(), named, matrix, problem));
          continue;
        }
        Path summaryFile = dir.resolve(RunFiles.SUMMARY);
        if (!Files.isDirectory(dir) || !Files.isRegularFile(summaryFile)) {
          continue;
        }
        String folder = dir.getFileName().toString();
        JsonNode summary = null;
        String problem = null;
        try {
          summary = RunFolder.open(dir).summary();
        } catch (RunFolderException e) {
          problem = "llm-summary.json unreadable: " + e.getMessage();
        }
        entries.add(new Entry(folder, started(summary, dir), summary, problem,
            Files.isRegularFile(dir.resolve(RunFiles.REPORT)), Files.isRegularFile(dir.resolve("index.html"))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + reportsRoot, e);
    }
    entries.sort(Comparator.comparing(Entry::started, Comparator.nullsLast(Comparator.reverseOrder()))
        .thenComparing(Entry::folder, Comparator.reverseOrder()));
    matrices.sort(Comparator.comparing(MatrixEntry::started, Comparator.nullsLast(Comparator.reverseOrder()))
        .thenComparing(MatrixEntry::folder, Comparator.reverseOrder()));
    Path index = reportsRoot.resolve(INDEX);
    String page = renderIndex(entries);
    if (!matrices.isEmpty()) {
      page = page.replace("<table id=\"runs\">", renderMatrices(matrices) + "<table id=\"runs\">");
    }
    return AtomicFiles.write(index, page);
  }

  /** The server matrices: one row each, with its configurations' runs (ranked) and a link to matrix.html. */
  static String renderMatrices(List<MatrixEntry> matrices) {
    StringBuilder h = new StringBuilder("<h2>Server matrices</h2>\n<table id=\"matrices\">\n<tr><th>date</th>"
        + "<th>matrix</th><th>simulation</th><th>configurations (ranked)</th><th>report</th></tr>\n");
    DateTimeFormatter shown = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneId.of("UTC"));
    for (MatrixEntry m : matrices) {
      JsonNode j = m.matrix() == null ? JSON.createObjectNode() : m.matrix();
      String href = URLEncoder.encode(m.folder(), StandardCharsets.UTF_8).replace("+", "%20");
      h.append("<tr class=\"matrix\" data-folder=\"").append(Html.esc(m.folder())).append("\"><td class=\"t\">")
          .append(m.started() == null ? "—" : Html.esc(shown.format(m.started()))).append("</td><td class=\"t\">")
          .append(Html.esc(Nodes.text(j.path("name"), m.folder())));
      if (m.problem() != null) {
        h.append("<br><span class=\"bad\">").append(Html.esc(m.problem())).append("</span>");
      }
      h.append("</td><td class=\"t\">").append(Html.esc(Nodes.text(j.path("simulation"), "—")))
          .append("</td><td class=\"t\">");
      List<String> runs = new ArrayList<>();
      for (JsonNode r : j.path("ranking")) {
        runs.add(r.path("rank").asText() + ". " + matrixRun(href, j, r.path("label").asText()));
      }
      for (JsonNode c : j.path("configurations")) {
        if (!"ran".equals(c.path("status").asText())) {
          runs.add("<span class=\"bad\">" + Html.esc(c.path("label").asText()) + ": "
              + Html.esc(c.path("status").asText().replace('_', ' ')) + "</span>");
        }
      }
      h.append(String.join("<br>", runs)).append("</td><td class=\"t\"><a href=\"").append(href).append('/')
          .append(MatrixReport.HTML).append("\">matrix report</a></td></tr>\n");
    }
    return h.append("</table>\n<h2>Runs</h2>\n").toString();
  }

  private static String matrixRun(String matrixHref, JsonNode matrix, String label) {
    for (JsonNode c : matrix.path("configurations")) {
      if (c.path("label").asText().equals(label) && c.path("run_dir").isTextual()) {
        String dir = c.path("run_dir").asText();
        if (!dir.startsWith("/") && !dir.contains("..")) {
          return "<a class=\"matrix-run\" href=\"" + matrixHref + "/"
              + URLEncoder.encode(dir, StandardCharsets.UTF_8).replace("+", "%20") + "/" + RunFiles.REPORT + "\">"
              + Html.esc(label) + "</a>";
        }
      }
    }
    return Html.esc(label);
  }

  /** run.started_at of the summary; else the folder's yyyyMMdd-HHmmss prefix (UTC); else the file's time. */
  private static Instant started(JsonNode summary, Path dir) {
    if (summary != null) {
      String s = summary.path("run").path("started_at").asText("");
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e) {
        try {
          return Instant.parse(s);
        } catch (DateTimeParseException ignored) {
          // fall through
        }
      }
    }
    Instant named = RunFolderName.start(dir.getFileName().toString());
    if (named != null) {
      return named;
    }
    try {
      return Files.getLastModifiedTime(dir).toInstant();
    } catch (IOException e) {
      return null;
    }
  }

  static String renderIndex(List<Entry> entries) {
    StringBuilder h = new StringBuilder(16 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
        .append("<title>LLM load test runs</title>\n<style>\n")
        .append("body{font:14px/1.4 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;margin:16px 24px;color:#222}")
        .append("table{border-collapse:collapse}th,td{border:1px solid #ddd;padding:4px 8px;text-align:right}")
        .append("th{background:#f5f5f5}td.t{text-align:left;max-width:420px;overflow-wrap:anywhere}")
        .append(".bad{color:#c62828;font-weight:600}a{color:#1565c0}\n</style>\n</head>\n<body>\n")
        .append("<h1>LLM load test runs</h1>\n<p>").append(entries.size())
        .append(" archived run(s), newest first. Latencies in ms at p95 over all calls.</p>\n");
    h.append("<table id=\"runs\">\n<tr><th>date</th><th>label</th><th>model</th><th>users</th><th>calls</th>"
        + "<th>error rate</th><th>TTFT p95</th><th>TPOT p95</th><th>E2E p95</th><th>output tok/s</th>"
        + "<th>reports</th></tr>\n");
    DateTimeFormatter shown = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneId.of("UTC"));
    for (Entry e : entries) {
      JsonNode s = e.summary() == null ? JSON.createObjectNode() : e.summary();
      JsonNode run = s.path("run");
      JsonNode overall = s.path("groups").path("overall");
      String href = URLEncoder.encode(e.folder(), StandardCharsets.UTF_8).replace("+", "%20");
      h.append("<tr class=\"run\" data-folder=\"").append(Html.esc(e.folder())).append("\">");
      h.append("<td class=\"t\">").append(e.started() == null ? "—" : Html.esc(shown.format(e.started()))).append("</td>");
      h.append("<td class=\"t\">").append(Html.esc(Nodes.firstText(run.path("label"), null) == null
          ? e.folder() : run.path("label").asText()));
      if (e.problem() != null) {
        h.append("<br><span class=\"bad\">").append(Html.esc(e.problem())).append("</span>");
      }
      h.append("</td>");
      h.append("<td class=\"t\">").append(Html.esc(text(run.path("target").path("model")))).append("</td>");
      h.append("<td>").append(Html.esc(users(s.path("config")))).append("</td>");
      h.append("<td>").append(Numbers.rounded(Nodes.number(s.path("totals").path("calls")), 0)).append("</td>");
      Double errorRate = Nodes.number(overall.path("error_rate"));
      h.append("<td").append(errorRate != null && errorRate > 0 ? " class=\"bad\"" : "").append('>')
          .append(Html.esc(Numbers.percent(errorRate))).append("</td>");
      h.append("<td>").append(Numbers.rounded(Nodes.number(overall.path("ttft_ms").path("p95")), 1)).append("</td>");
      h.append("<td>").append(Numbers.rounded(Nodes.number(overall.path("tpot_ms").path("p95")), 2)).append("</td>");
      h.append("<td>").append(Numbers.rounded(Nodes.number(overall.path("e2e_ms").path("p95")), 1)).append("</td>");
      h.append("<td>").append(Numbers.rounded(Nodes.number(s.path("totals").path("output_tokens_per_s")), 1)).append("</td>");
      h.append("<td class=\"t\">");
      if (e.hasReport()) {
        h.append("<a href=\"").append(href).append("/llm-report.html\">LLM report</a>");
      }
      if (e.hasGatling()) {
        h.append(e.hasReport() ? " · " : "").append("<a href=\"").append(href).append("/index.html\">Gatling</a>");
      }
      h.append("</td></tr>\n");
    }
    h.append("</table>\n</body>\n</html>\n");
    return h.toString();
  }

  private static String text(JsonNode n) {
    String t = Nodes.text(n, null);
    return t == null ? "—" : t;
  }

  /**
   * Users are not a summary field (docs/data-path.md): shown from the config setting whose key is, or
   * ends in, "users" (e.g. llm.users), when there is exactly such a setting.
   */
  static String users(JsonNode config) {
    Map<String, String> flat = Nodes.flatten(config);
    for (String preferred : new String[] {"llm.users", "users"}) {
      if (flat.containsKey(preferred)) {
        return flat.get(preferred);
      }
    }
    for (Iterator<Map.Entry<String, String>> it = flat.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, String> e = it.next();
      String k = e.getKey().toLowerCase(Locale.ROOT);
      if (k.endsWith(".users") || k.endsWith("_users")) {
        return e.getValue();
      }
    }
    return "—";
  }

  /** {@code RunArchive <run folder> <reports folder> <label>}: archives with the current time. */
  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: RunArchive <run folder> <reports folder> <label>");
      System.exit(2);
    }
    System.out.println(archive(Path.of(args[0]), Path.of(args[1]), args[2], Instant.now()));
  }
}
