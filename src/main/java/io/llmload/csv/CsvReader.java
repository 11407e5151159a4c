package io.llmload.csv;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A small streaming RFC 4180 reader: comma separator, fields optionally enclosed in double quotes,
 * a quote inside a quoted field written twice, commas and line breaks allowed inside quoted fields,
 * records ended by CRLF, LF or CR (the last one optionally unterminated: {@link #terminated()} tells).
 *
 * <p>Value mapping: an empty unquoted field is {@code null} (the data-path files write "no value" as
 * an empty field); a quoted empty field {@code ""} is the empty string. A leading UTF-8 byte order mark
 * is skipped; blank lines between records are skipped. Malformed input (a quoted field that never
 * closes, text after a closing quote) is a {@link CsvFormatException} naming the source and line.
 * A stray quote in the middle of an unquoted field is kept as a literal character (lenient, as most
 * readers are).
 */
public final class CsvReader implements Closeable {
  private final Reader in;
  private final String source;
  private final char[] buf = new char[64 * 1024];
  private int pos;
  private int len;
  private boolean eof;
  private long line = 1;
  private long recordLine;
  private boolean first = true;
  private boolean terminated;

  public CsvReader(Reader in, String source) {
    this.in = in;
    this.source = source;
  }

  /** The 1-based line on which the record last returned by {@link #readRecord()} started. */
  public long recordLine() {
    return recordLine;
  }

  /**
   * Whether the record last returned ended with a line break; false for a last record cut off at the end
   * of the input (and after a quoted field that the input ended inside, see {@link CsvFormatException}).
   */
  public boolean terminated() {
    return terminated;
  }

  /** Whether the whole input was read. */
  public boolean atEnd() {
    return eof && pos >= len;
  }

  public String source() {
    return source;
  }

  private int peek() throws IOException {
    if (pos < len) {
      return buf[pos];
    }
    if (eof) {
      return -1;
    }
    len = in.read(buf, 0, buf.length);
    pos = 0;
    if (len <= 0) {
      len = 0;
      eof = true;
      return -1;
    }
    return buf[pos];
  }

  private int next() throws IOException {
    int c = peek();
    if (c >= 0) {
      pos++;
    }
    return c;
  }

  /** Consumes a line break whose first character {@code c} was already read (CR, LF or CRLF). */
  private void finishLineBreak(int c) throws IOException {
    if (c == '\r' && peek() == '\n') {
      pos++;
    }
    line++;
  }

  /** The next record's fields, or null at end of input. */
  public List<String> readRecord() throws IOException {
    if (first) {
      first = false;
      if (peek() == '\uFEFF') {
        pos++;
      }
    }
    // skip blank lines
    while (true) {
      int c = peek();
      if (c == -1) {
        return null;
      }
      if (c == '\r' || c == '\n') {
        finishLineBreak(next());
        continue;
      }
      break;
    }
    recordLine = line;
    terminated = false;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    while (true) {
      // start of a field
      int c = peek();
      if (c == '"') {
        pos++;
        long openedOn = line;
        field.setLength(0);
        while (true) {
          c = next();
          if (c == -1) {
            throw new CsvFormatException(source + ": quoted field opened on line " + openedOn
                + " is never closed (missing closing \")");
          }
          if (c == '"') {
            if (peek() == '"') {
              pos++;
              field.append('"');
            } else {
              break;
            }
          } else {
            if (c == '\r' || c == '\n') {
              if (c == '\r' && peek() == '\n') {
                pos++;
                field.append('\r');
                c = '\n';
              }
              line++;
            }
            field.append((char) c);
          }
        }
        fields.add(field.toString());
        c = next();
        if (c == ',') {
          continue;
        }
        if (c == -1) {
          return fields;
        }
        if (c == '\r' || c == '\n') {
          finishLineBreak(c);
          terminated = true;
          return fields;
        }
        throw new CsvFormatException(source + " line " + line + ": unexpected character '" + (char) c
            + "' after the closing quote of field " + fields.size() + " (a quoted field must end at , or end of line)");
      }
      field.setLength(0);
      while (true) {
        c = next();
        if (c == -1 || c == ',' || c == '\r' || c == '\n') {
          break;
        }
        field.append((char) c);
      }
      fields.add(field.length() == 0 ? null : field.toString());
      if (c == ',') {
        continue;
      }
      if (c == '\r' || c == '\n') {
        finishLineBreak(c);
        terminated = true;
      }
      return fields;
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
