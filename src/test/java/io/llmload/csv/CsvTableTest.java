package io.llmload.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTableTest {
  private static CsvTable table(String text) throws Exception {
    return CsvTable.of(new StringReader(text), "t.csv");
  }

  @Test
  void readsQuotedFieldsWithCommasQuotesAndNewlinesByHeaderName() throws Exception {
    String csv = "call_id,error,ok\r\n1,\"HTTP 503: a, \"\"b\"\"\nsecond line\",false\r\n2,,true\n\n3,,TRUE\n";
    List<String> errors = new ArrayList<>();
    List<Boolean> oks = new ArrayList<>();
    try (CsvTable t = table(csv)) {
      int error = t.require("error");
      int ok = t.require("ok");
      assertThat(t.optional("no_such_column")).isEqualTo(-1);
      while (t.next()) {
        errors.add(t.string(error));
        oks.add(t.bool(ok));
        assertThat(t.string(t.optional("no_such_column"))).isNull();
      }
    }
    assertThat(errors).containsExactly("HTTP 503: a, \"b\"\nsecond line", null, null);
    assertThat(oks).containsExactly(false, true, true);
  }

  @Test
  void emptyFieldsAreAbsentNotZero() throws Exception {
    try (CsvTable t = table("ttft_ms,n\n,\n12.5,7\n")) {
      int ttft = t.require("ttft_ms");
      int n = t.require("n");
      assertThat(t.next()).isTrue();
      assertThat(t.decimal(ttft)).isNull();
      assertThat(t.integer(n)).isNull();
      assertThat(t.integer(n, -1)).isEqualTo(-1);
      assertThat(t.next()).isTrue();
      assertThat(t.decimal(ttft)).isEqualTo(12.5);
      assertThat(t.integer(n)).isEqualTo(7L);
      assertThat(t.next()).isFalse();
    }
  }

  @Test
  void aBadValueNamesFileLineAndColumn() throws Exception {
    try (CsvTable t = table("a,b\n1,2\n1,x\n")) {
      int b = t.require("b");
      t.next();
      t.next();
      assertThatThrownBy(() -> t.integer(b)).isInstanceOf(CsvFormatException.class)
          .hasMessage("t.csv line 3, column 'b': 'x' is not a whole number");
    }
    try (CsvTable t = table("a,b\n1,\n")) {
      int b = t.require("b");
      t.next();
      assertThatThrownBy(() -> t.requiredInteger(b)).hasMessage("t.csv line 2, column 'b' is empty");
      assertThatThrownBy(() -> t.bool(b)).hasMessageContaining("t.csv line 2, column 'b'");
    }
  }

  @Test
  void aMissingColumnAndARowOfTheWrongWidthAreErrors() throws Exception {
    try (CsvTable t = table("a,b\n1\n")) {
      assertThatThrownBy(() -> t.require("c")).hasMessage("t.csv has no column 'c' (its header is: a,b)");
      assertThatThrownBy(t::next).hasMessage("t.csv line 2 has 1 fields but the header has 2");
    }
    assertThatThrownBy(() -> table("")).hasMessageContaining("t.csv is empty");
  }

  @Test
  void anIncompleteLastRowIsLeftOutWithAWarning() throws Exception {
    // a writer killed mid-row: the last row has no line break, and may even end inside a quoted field
    for (String tail : List.of("3,12", "3,\"HTTP 5", "3,")) {
      List<String> ids = new ArrayList<>();
      try (CsvTable t = table("id,v\n1,a\n2,\"b, c\"\n" + tail)) {
        while (t.next()) {
          ids.add(t.string(0));
        }
        assertThat(ids).as(tail).containsExactly("1", "2");
        assertThat(t.warnings()).as(tail).containsExactly(
            "t.csv line 4: the last row is incomplete (no line break: the writer was stopped mid-row) and was left out");
      }
    }
    try (CsvTable t = table("id,v\n1,a\n")) {
      while (t.next()) {
        assertThat(t.string(0)).isEqualTo("1");
      }
      assertThat(t.warnings()).isEmpty();
    }
  }
}
