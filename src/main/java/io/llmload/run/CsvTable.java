package io.llmload.run;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV file with a header row, read one row at a time, with typed access by column and errors that
 * name the file, the line and the column.
 */
public final class CsvTable implements Closeable {
  private final CsvReader reader;
  private final String name;
  private final List<String> header;
  private final Map<String, Integer> columns = new HashMap<>();
  private List<String> row;

  private CsvTable(CsvReader reader, String name, List<String> header) {
    this.reader = reader;
    this.name = name;
    this.header = header;
    for (int i = 0; i < header.size(); i++) {
      String col = header.get(i);
      if (col != null) {
        columns.putIfAbsent(col.trim(), i);
      }
    }
  }

  public static CsvTable open(Path file) throws IOException {
    BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    CsvReader reader = new CsvReader(in, file.toString());
    List<String> header;
    try {
      header = reader.readRecord();
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
    if (header == null) {
      reader.close();
      throw new CsvFormatException(file + " is empty (expected a header row)");
    }
    return new CsvTable(reader, file.toString(), header);
  }

  /** The index of a column the caller cannot do without. */
  public int require(String column) {
    Integer idx = columns.get(column);
    if (idx == null) {
      throw new CsvFormatException(name + " has no column '" + column + "' (its header is: "
          + String.join(",", header.stream().map(String::valueOf).toList()) + ")");
    }
    return idx;
  }

  /** The index of an optional column, or -1. */
  public int optional(String column) {
    return columns.getOrDefault(column, -1);
  }

  public boolean next() throws IOException {
    row = reader.readRecord();
    if (row != null && row.size() != header.size()) {
      throw new CsvFormatException(name + " line " + reader.recordLine() + " has " + row.size()
          + " fields but the header has " + header.size());
    }
    return row != null;
  }

  public String string(int idx) {
    return idx < 0 ? null : row.get(idx);
  }

  /** The field as a number, null when empty; a malformed number is an error naming line and column. */
  public Double decimal(int idx) {
    String v = string(idx);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      double d = Double.parseDouble(v.trim());
      if (!Double.isFinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw bad(idx, v, "a number");
    }
  }

  public long integer(int idx, long defaultValue) {
    String v = string(idx);
    if (v == null || v.isBlank()) {
      return defaultValue;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw bad(idx, v, "a whole number");
    }
  }

  public boolean bool(int idx) {
    String v = string(idx);
    if ("true".equalsIgnoreCase(v)) {
      return true;
    }
    if ("false".equalsIgnoreCase(v)) {
      return false;
    }
    throw bad(idx, v, "true or false");
  }

  public CsvFormatException bad(int idx, String value, String expected) {
    return new CsvFormatException(name + " line " + reader.recordLine() + ", column '" + header.get(idx) + "': '"
        + value + "' is not " + expected);
  }

  public long line() {
    return reader.recordLine();
  }

  public String name() {
    return name;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
