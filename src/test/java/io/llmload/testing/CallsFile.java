package io.llmload.testing;

import io.llmload.run.CsvReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A run's llm-calls.csv / llm-itl.csv as rows of name → value, for assertions. */
public final class CallsFile {
  private CallsFile() {
  }

  public static List<Map<String, String>> read(Path file) {
    try (CsvReader reader = new CsvReader(Files.newBufferedReader(file), file.toString())) {
      List<String> header = reader.readRecord();
      List<Map<String, String>> rows = new ArrayList<>();
      for (List<String> record = reader.readRecord(); record != null; record = reader.readRecord()) {
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
          row.put(header.get(i), i < record.size() ? record.get(i) : null);
        }
        rows.add(row);
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  /** Most calls in flight at once, from each call's [start, start + e2e] interval. */
  public static int maxConcurrency(List<Map<String, String>> calls) {
    List<long[]> edges = new ArrayList<>();
    for (Map<String, String> c : calls) {
      if (c.get("e2e_ms") == null || c.get("e2e_ms").isEmpty()) {
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
