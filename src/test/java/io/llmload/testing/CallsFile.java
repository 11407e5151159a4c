package io.llmload.testing;

import io.llmload.run.CallRow;
import io.llmload.csv.CsvTable;
import io.llmload.run.RunFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run folder's files for assertions: typed through {@link RunFolder}, or any CSV file (the suite's or
 * another tool's) as rows of column name → raw field (null when empty).
 */
public final class CallsFile {
  private CallsFile() {
  }

  /** Every row of {@code file}, read with the suite's strict CSV reader. */
  public static List<Map<String, String>> read(Path file) {
    try (CsvTable t = CsvTable.open(file)) {
      List<String> header = t.header();
      List<Map<String, String>> rows = new ArrayList<>();
      while (t.next()) {
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
          row.put(header.get(i), t.string(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** llm-calls.csv of {@code runDir}, typed. */
  public static List<CallRow> calls(Path runDir) {
    return RunFolder.open(runDir).calls();
  }

  /** llm-itl.csv of {@code runDir}: each call's gaps in ms, in file order. */
  public static Map<Long, double[]> itl(Path runDir) {
    Map<Long, double[]> out = new LinkedHashMap<>();
    RunFolder.open(runDir).forEachItl(out::put);
    return out;
  }

  /** The single run folder written under an llm.outputDir. */
  public static Path onlyRunDir(Path outputDir) {
    try (var dirs = Files.list(outputDir)) {
      List<Path> all = dirs.filter(Files::isDirectory).toList();
      if (all.size() != 1) {
        throw new IllegalStateException("expected one run folder in " + outputDir + ", found " + all);
      }
      return all.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Most calls in flight at once, from each call's [start, start + e2e] interval (rows of {@link #read}). */
  public static int maxConcurrency(List<Map<String, String>> calls) {
    List<long[]> edges = new ArrayList<>();
    for (Map<String, String> c : calls) {
      if (c.get("e2e_ms") == null) {
        continue;
      }
      long start = Long.parseLong(c.get("start_ms"));
      edges.add(new long[] {start, 1});
      edges.add(new long[] {start + Long.parseLong(c.get("e2e_ms")), -1});
    }
    edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int now = 0;
    int max = 0;
    for (long[] e : edges) {
      now += (int) e[1];
      max = Math.max(max, now);
    }
    return max;
  }
}
