package io.llmload.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Streaming RFC 4180 reader for the run's CSV files (llm-calls.csv, llm-itl.csv, server-metrics.csv).
 * Rows are handed out one at a time and addressed by header name, so a column the writer adds later
 * does not break the report, and a 10-million-gap llm-itl.csv is never held in memory as text.
 */
public final class LenientCsvTable {
  private LenientCsvTable() {
  }

  /** One data row, addressed by the header's column names. */
  public static final class Row {
    private final Map<String, Integer> index;
    private final List<String> fields;

    Row(Map<String, Integer> index, List<String> fields) {
      this.index = index;
      this.fields = fields;
    }

    /** The raw field, or "" when the column is absent from the header or the row is short. */
    public String get(String column) {
      Integer i = index.get(column);
      return i == null || i >= fields.size() || fields.get(i) == null ? "" : fields.get(i);
    }

    public boolean has(String column) {
      return index.containsKey(column);
    }

    /** The field as a number, or null when empty or not a number. */
    public Double number(String column) {
      String s = get(column).trim();
      if (s.isEmpty()) {
        return null;
      }
      try {
        double d = Double.parseDouble(s);
        return Double.isFinite(d) ? d : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }

    public boolean flag(String column) {
      String s = get(column).trim();
      return s.equalsIgnoreCase("true") || s.equals("1");
    }
  }

  /** Reads every row of {@code file}; a missing file is an error (check existence first). */
  public static void forEach(Path file, Consumer<Row> action) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      forEach(in, action);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Reads with the project's one RFC 4180 reader ({@link CsvReader}); a blank line is skipped. */
  public static void forEach(Reader reader, Consumer<Row> action) throws IOException {
    CsvReader in = new CsvReader(reader, "csv");
    List<String> header = in.readRecord();
    if (header == null) {
      return;
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i) == null ? "" : header.get(i).trim();
      if (i == 0 && name.startsWith("\uFEFF")) {
        name = name.substring(1);
      }
      index.putIfAbsent(name, i);
    }
    List<String> record;
    while ((record = in.readRecord()) != null) {
      if (record.size() == 1 && (record.get(0) == null || record.get(0).isEmpty())) {
        continue; // blank line
      }
      action.accept(new Row(index, record));
    }
  }
}
