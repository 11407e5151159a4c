package io.llmload.csv;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV file with a header row, read one row at a time through {@link CsvReader}, with typed access by
 * column and errors that name the file, the line and the column. Every row must have as many fields as
 * the header. An empty field is "no value": the typed getters return null (or the given default).
 */
public final class CsvTable implements Closeable {
  private final CsvReader reader;
  private final String name;
  private final List<String> header;
  private final Map<String, Integer> columns = new HashMap<>();
  private List<String> row;
  private final List<String> warnings = new ArrayList<>();

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
    return of(in, file.toString());
  }

  /** A table read from {@code in}; {@code name} names the source in error messages. */
  public static CsvTable of(Reader in, String name) throws IOException {
    CsvReader reader = new CsvReader(in, name);
    List<String> header;
    try {
      header = reader.readRecord();
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
    if (header == null) {
      reader.close();
      throw new CsvFormatException(name + " is empty (expected a header row)");
    }
    return new CsvTable(reader, name, header);
  }

  /** The header's column names. */
  public List<String> header() {
    return header;
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

  /**
   * Moves to the next row; false at the end. A last row without its line break is what a writer killed
   * mid-row leaves: it is dropped, with a warning in {@link #warnings()}, instead of failing the file.
   */
  public boolean next() throws IOException {
    try {
      row = reader.readRecord();
    } catch (CsvFormatException e) {
      if (reader.atEnd()) { // a quoted field the input ended inside
        dropTail(reader.recordLine());
        return false;
      }
      throw e;
    }
    if (row != null && !reader.terminated()) {
      dropTail(reader.recordLine());
      return false;
    }
    if (row != null && row.size() != header.size()) {
      throw new CsvFormatException(name + " line " + reader.recordLine() + " has " + row.size()
          + " fields but the header has " + header.size());
    }
    return row != null;
  }

  private void dropTail(long line) {
    row = null;
    warnings.add(name + " line " + line + ": the last row is incomplete (no line break: the writer was stopped"
        + " mid-row) and was left out");
  }

  /** What was left out of the file while reading (an incomplete last row); empty when nothing was. */
  public List<String> warnings() {
    return warnings;
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
    Long v = integer(idx);
    return v == null ? defaultValue : v;
  }

  /** The field as a whole number, null when empty or the column is absent ({@code idx} -1). */
  public Long integer(int idx) {
    String v = string(idx);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw bad(idx, v, "a whole number");
    }
  }

  /** The field, which must not be empty. */
  public String requiredString(int idx) {
    String v = string(idx);
    if (v == null || v.isBlank()) {
      throw empty(idx);
    }
    return v;
  }

  /** The field as a whole number, which must not be empty. */
  public long requiredInteger(int idx) {
    Long v = integer(idx);
    if (v == null) {
      throw empty(idx);
    }
    return v;
  }

  /** {@code true} / {@code false} (any case); {@code absent} when the column is absent ({@code idx} -1). */
  public boolean bool(int idx, boolean absent) {
    return idx < 0 ? absent : bool(idx);
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

  private CsvFormatException empty(int idx) {
    return new CsvFormatException(name + " line " + reader.recordLine() + ", column '" + header.get(idx) + "' is empty");
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
