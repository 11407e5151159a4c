package io.llmload.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

  private static List<List<String>> read(String text) throws IOException {
    return read(new StringReader(text));
  }

  private static List<List<String>> read(Reader in) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    try (CsvReader r = new CsvReader(in, "test.csv")) {
      List<String> row;
      while ((row = r.readRecord()) != null) {
        rows.add(row);
      }
    }
    return rows;
  }

  @Test
  void plainRowsWithCrlfLfAndNoFinalNewline() throws IOException {
    assertThat(read("a,b,c\r\n1,2,3\n4,5,6")).containsExactly(List.of("a", "b", "c"), List.of("1", "2", "3"),
        List.of("4", "5", "6"));
    assertThat(read("a,b\r1,2\r")).containsExactly(List.of("a", "b"), List.of("1", "2"));
  }

  @Test
  void emptyUnquotedFieldIsNullQuotedEmptyIsEmptyString() throws IOException {
    List<List<String>> rows = read("a,,\"\",d,\n");
    assertThat(rows.get(0)).containsExactly("a", null, "", "d", null);
    assertThat(read(",")).containsExactly(Arrays.asList(null, null));
  }

  @Test
  void quotedFieldsCarryCommasQuotesAndLineBreaks() throws IOException {
    String text = "id,error\r\n"
        + "1,\"HTTP 500: \"\"boom\"\", retry\"\r\n"
        + "2,\"line one\nline two\r\nline three\"\r\n"
        + "3,\"\"\"\"\r\n";
    List<List<String>> rows = read(text);
    assertThat(rows).hasSize(4);
    assertThat(rows.get(1)).containsExactly("1", "HTTP 500: \"boom\", retry");
    assertThat(rows.get(2)).containsExactly("2", "line one\nline two\r\nline three");
    assertThat(rows.get(3)).containsExactly("3", "\"");
  }

  @Test
  void recordLineCountsPhysicalLinesIncludingEmbeddedBreaks() throws IOException {
    try (CsvReader r = new CsvReader(new StringReader("h\n\"a\nb\"\nc\n"), "x.csv")) {
      r.readRecord();
      assertThat(r.recordLine()).isEqualTo(1);
      assertThat(r.readRecord()).containsExactly("a\nb");
      assertThat(r.recordLine()).isEqualTo(2);
      assertThat(r.readRecord()).containsExactly("c");
      assertThat(r.recordLine()).isEqualTo(4);
      assertThat(r.readRecord()).isNull();
    }
  }

  @Test
  void byteOrderMarkAndBlankLinesAreSkipped() throws IOException {
    assertThat(read("\uFEFFcall_id,gaps_ms\n\n1,3 4 5\n\r\n")).containsExactly(List.of("call_id", "gaps_ms"),
        List.of("1", "3 4 5"));
  }

  @Test
  void strayQuoteInsideAnUnquotedFieldIsKeptLiterally() throws IOException {
    assertThat(read("a\"b,c\n")).containsExactly(List.of("a\"b", "c"));
  }

  @Test
  void unterminatedQuoteNamesTheLineWhereItOpened() {
    assertThatThrownBy(() -> read("a,b\n1,\"never\nclosed\n"))
        .isInstanceOf(CsvFormatException.class)
        .hasMessageContaining("test.csv")
        .hasMessageContaining("opened on line 2")
        .hasMessageContaining("never closed");
  }

  @Test
  void textAfterAClosingQuoteIsAnError() {
    assertThatThrownBy(() -> read("a,b\n\"x\"y,2\n"))
        .isInstanceOf(CsvFormatException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("after the closing quote");
  }

  @Test
  void fieldsLongerThanTheReadBufferAndOneCharacterReads() throws IOException {
    String big = "x".repeat(200_000);
    assertThat(read("a,\"" + big + "\",c\n").get(0)).containsExactly("a", big, "c");
    // a reader that hands out one character at a time exercises every buffer boundary
    Reader trickle = new Reader() {
      private final String s = "q,\"a\r\n\"\"b\"\"\",\r\nz,1";
      private int i;

      @Override
      public int read(char[] cbuf, int off, int len) {
        if (i >= s.length()) {
          return -1;
        }
        cbuf[off] = s.charAt(i++);
        return 1;
      }

      @Override
      public void close() {
      }
    };
    assertThat(read(trickle)).containsExactly(Arrays.asList("q", "a\r\n\"b\"", null), List.of("z", "1"));
  }
}
