package io.llmload.workload.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmload.csv.CsvReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a trace file of any {@link TraceFormat} into {@link TraceRecord}s, checking every record before
 * anything is sent: lengths at least 1, timestamps never decreasing, Mooncake's hash ids one per started
 * 512-token block. Problems are collected (up to {@value #MAX_ERRORS}) and thrown together as one
 * {@link TraceFormatException} whose lines name the file, the line and the field.
 *
 * <p>Offsets are milliseconds after the first record's timestamp (Mooncake and jsonl timestamps are ms,
 * BurstGPT's are seconds, Azure's are date-times). The whole file is held in memory: about 40 bytes per
 * record plus 4 per hash id (the 2024 Azure week of 27 M rows needs about 1.1 GB; cut it first).
 */
public final class TraceReader {
  /** How many bad records are reported before reading stops. */
  public static final int MAX_ERRORS = 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Azure: "2023-11-16 18:17:03.9799600", "2024-05-10 00:00:00.009930+00:00", "2024-05-12 00:00:00+00:00". */
  private static final DateTimeFormatter AZURE_TIME = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .toFormatter();

  private TraceReader() {
  }

  /**
   * Reads and checks a whole trace.
   *
   * @param file   the trace file
   * @param format a {@link TraceFormat} name, or null / blank to detect it from the header or first record
   * @throws TraceFormatException for a missing file, an unknown or undetectable format, or bad records
   */
  public static Trace read(Path file, String format) {
    requireFile(file);
    TraceFormat f = format == null || format.isBlank() ? detect(file) : formatOf(file, format);
    Errors errors = new Errors(file);
    Trace trace;
    try {
      trace = switch (f) {
        case MOONCAKE, JSONL -> readJsonLines(file, f, errors);
        case AZURE -> readAzure(file, errors);
        case BURSTGPT -> readBurstGpt(file, errors);
      };
    } catch (IOException e) {
      throw new TraceFormatException("Trace file " + file + " could not be read: " + e);
    }
    errors.throwIfAny(f);
    if (trace.records().isEmpty()) {
      throw new TraceFormatException("Trace file " + file + " (" + f.id() + ") has no requests");
    }
    return trace;
  }

  /**
   * The format of a file from its header (CSV) or first record (JSON lines).
   *
   * @throws TraceFormatException when the file is missing or its format cannot be told
   */
  public static TraceFormat detect(Path file) {
    requireFile(file);
    String first;
    long line = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      do {
        first = in.readLine();
        line++;
      } while (first != null && first.isBlank());
    } catch (IOException e) {
      throw new TraceFormatException("Trace file " + file + " could not be read: " + e);
    }
    if (first == null) {
      throw new TraceFormatException("Trace file " + file + " is empty");
    }
    String s = stripBom(first).trim();
    String ask = "; set -Dllm.trace.format to one of " + TraceFormat.names();
    if (s.startsWith("{")) {
      JsonNode node;
      try {
        node = JSON.readTree(s);
      } catch (JsonProcessingException e) {
        throw new TraceFormatException("Cannot detect the format of trace file " + file + ": line " + line
            + " is not a JSON object (" + jsonProblem(e) + ")" + ask);
      }
      if (node.has("hash_ids")) {
        return TraceFormat.MOONCAKE;
      }
      if (JsonField.INPUT.in(node) != null && JsonField.OUTPUT.in(node) != null) {
        return TraceFormat.JSONL;
      }
      throw new TraceFormatException("Cannot detect the format of trace file " + file + ": line " + line
          + " has neither hash_ids (mooncake) nor input_length and output_length (jsonl)" + ask);
    }
    List<String> header = new ArrayList<>();
    for (String col : s.split(",", -1)) {
      header.add(col.trim());
    }
    if (header.containsAll(List.of("TIMESTAMP", "ContextTokens", "GeneratedTokens"))) {
      return TraceFormat.AZURE;
    }
    if (header.containsAll(List.of("Timestamp", "Request tokens", "Response tokens"))) {
      return TraceFormat.BURSTGPT;
    }
    throw new TraceFormatException("Cannot detect the format of trace file " + file + ": line " + line
        + " is neither a JSON record nor a known CSV header (azure: TIMESTAMP,ContextTokens,GeneratedTokens;"
        + " burstgpt: Timestamp,...,Request tokens,Response tokens,...), got '" + abbreviate(s) + "'" + ask);
  }

  // ---------------------------------------------------------------------------------------------

  /** Field names a jsonl record may use; the first alias is the canonical (Mooncake) name. */
  private enum JsonField {
    TIMESTAMP("timestamp"), INPUT("input_length", "prompt_tokens"), OUTPUT("output_length", "output_tokens");

    final String[] names;

    JsonField(String... names) {
      this.names = names;
    }

    /** The name this record uses, or null. */
    String in(JsonNode node) {
      for (String n : names) {
        if (node.has(n)) {
          return n;
        }
      }
      return null;
    }
  }

  private static Trace readJsonLines(Path file, TraceFormat format, Errors errors) throws IOException {
    List<TraceRecord> records = new ArrayList<>();
    Order order = new Order(errors);
    boolean mooncake = format == TraceFormat.MOONCAKE;
    Boolean timed = null;
    long line = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String text;
      while ((text = in.readLine()) != null && !errors.full()) {
        line++;
        if (line == 1) {
          text = stripBom(text);
        }
        if (text.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
          errors.add(line, null, "not valid JSON: " + jsonProblem(e));
          continue;
        }
        if (node == null || !node.isObject()) {
          errors.add(line, null, "not a JSON object");
          continue;
        }
        int before = errors.count();
        String inName = mooncake ? "input_length" : JsonField.INPUT.in(node);
        String outName = mooncake ? "output_length" : JsonField.OUTPUT.in(node);
        int input = lengthField(node, inName == null ? "input_length" : inName, line, errors, 1);
        int output = lengthField(node, outName == null ? "output_length" : outName, line, errors, 1);
        BigDecimal ts = null;
        boolean hasTs = node.has("timestamp");
        if (!mooncake && timed == null) {
          timed = hasTs; // the first record decides: every record has a timestamp, or none has
        }
        if (mooncake || timed) {
          ts = timestampField(node, line, errors);
        } else if (hasTs) {
          errors.add(line, "timestamp", "present, but the first record has none: give every record a timestamp"
              + " or none");
        }
        int[] hashIds = new int[0];
        if (mooncake) {
          hashIds = hashIdsField(node, input, format.blockSize(), line, errors);
        }
        if (ts != null) {
          order.check(ts, line);
        }
        if (errors.count() == before) {
          records.add(new TraceRecord(ts == null ? 0 : order.offsetMs(ts), input, output, hashIds, line));
        }
      }
    }
    return new Trace(file, format, records, 0, timed == null || timed);
  }

  private static int lengthField(JsonNode node, String name, long line, Errors errors, int min) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      errors.add(line, name, "missing");
      return -1;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      errors.add(line, name, "not a whole number, got " + abbreviate(v.toString()));
      return -1;
    }
    return checkLength(v.intValue(), name, line, errors, min);
  }

  private static int checkLength(long value, String name, long line, Errors errors, int min) {
    if (value < 0) {
      errors.add(line, name, "negative length " + value);
      return -1;
    }
    if (value < min) {
      errors.add(line, name, "must be at least " + min + ", got " + value);
      return -1;
    }
    if (value > Integer.MAX_VALUE) {
      errors.add(line, name, "too large, got " + value);
      return -1;
    }
    return (int) value;
  }

  private static BigDecimal timestampField(JsonNode node, long line, Errors errors) {
    JsonNode v = node.get("timestamp");
    if (v == null || v.isNull()) {
      errors.add(line, "timestamp", "missing");
      return null;
    }
    if (!v.isNumber()) {
      errors.add(line, "timestamp", "not a number of milliseconds, got " + abbreviate(v.toString()));
      return null;
    }
    return v.decimalValue();
  }

  private static int[] hashIdsField(JsonNode node, int input, int blockSize, long line, Errors errors) {
    JsonNode v = node.get("hash_ids");
    if (v == null || v.isNull()) {
      errors.add(line, "hash_ids", "missing");
      return new int[0];
    }
    if (!v.isArray()) {
      errors.add(line, "hash_ids", "not an array of block ids");
      return new int[0];
    }
    int[] ids = new int[v.size()];
    for (int i = 0; i < ids.length; i++) {
      JsonNode id = v.get(i);
      if (!id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 0) {
        errors.add(line, "hash_ids", "element " + i + " is not a whole number >= 0, got " + abbreviate(id.toString()));
        return new int[0];
      }
      ids[i] = id.intValue();
    }
    if (input > 0) {
      int expected = (input + blockSize - 1) / blockSize;
      if (ids.length != expected) {
        errors.add(line, "hash_ids", "has " + ids.length + " ids but input_length " + input + " needs ceil("
            + input + " / " + blockSize + ") = " + expected);
      }
    }
    return ids;
  }

  private static Trace readAzure(Path file, Errors errors) throws IOException {
    List<TraceRecord> records = new ArrayList<>();
    Order order = new Order(errors);
    try (CsvLines csv = new CsvLines(file)) {
      Columns cols = Columns.read(csv, errors, "TIMESTAMP", "ContextTokens", "GeneratedTokens");
      if (cols == null) {
        return new Trace(file, TraceFormat.AZURE, records, 0, true);
      }
      List<String> row;
      while (!errors.full() && (row = cols.next(csv)) != null) {
        long line = csv.line();
        int before = errors.count();
        BigDecimal ms = azureMillis(cols.get(row, "TIMESTAMP"), line, errors);
        int input = cols.length(row, "ContextTokens", line, errors);
        int output = cols.length(row, "GeneratedTokens", line, errors);
        if (ms != null) {
          order.check(ms, line);
        }
        if (errors.count() == before) {
          records.add(new TraceRecord(order.offsetMs(ms), input, output, new int[0], line));
        }
      }
    }
    return new Trace(file, TraceFormat.AZURE, records, 0, true);
  }

  /** Epoch milliseconds (with a fraction) of an Azure timestamp; no zone means UTC. */
  private static BigDecimal azureMillis(String value, long line, Errors errors) {
    if (value == null || value.isBlank()) {
      errors.add(line, "TIMESTAMP", "empty");
      return null;
    }
    try {
      TemporalAccessor t = AZURE_TIME.parseBest(value.trim(), OffsetDateTime::from, LocalDateTime::from);
      Instant i = t instanceof OffsetDateTime o ? o.toInstant() : ((LocalDateTime) t).toInstant(ZoneOffset.UTC);
      return BigDecimal.valueOf(i.getEpochSecond()).multiply(BigDecimal.valueOf(1000))
          .add(BigDecimal.valueOf(i.getNano(), 6));
    } catch (DateTimeParseException e) {
      errors.add(line, "TIMESTAMP", "not a date-time like 2023-11-16 18:17:03.9799600 or"
          + " 2024-05-10 00:00:00.009930+00:00, got '" + abbreviate(value) + "'");
      return null;
    }
  }

  private static Trace readBurstGpt(Path file, Errors errors) throws IOException {
    List<TraceRecord> records = new ArrayList<>();
    Order order = new Order(errors);
    int dropped = 0;
    try (CsvLines csv = new CsvLines(file)) {
      Columns cols = Columns.read(csv, errors, "Timestamp", "Request tokens", "Response tokens");
      if (cols == null) {
        return new Trace(file, TraceFormat.BURSTGPT, records, 0, true);
      }
      List<String> row;
      while (!errors.full() && (row = cols.next(csv)) != null) {
        long line = csv.line();
        int before = errors.count();
        BigDecimal ms = null;
        String ts = cols.get(row, "Timestamp");
        try {
          ms = new BigDecimal(ts.trim()).multiply(BigDecimal.valueOf(1000));
        } catch (NumberFormatException e) {
          errors.add(line, "Timestamp", "not a number of seconds, got '" + abbreviate(ts) + "'");
        }
        int output = cols.length(row, "Response tokens", line, errors, 0);
        int input = cols.length(row, "Request tokens", line, errors, 1);
        if (ms != null) {
          order.check(ms, line);
        }
        if (errors.count() != before) {
          continue;
        }
        if (output == 0) {
          dropped++; // a failed request: BurstGPT records failures with Response tokens = 0
          continue;
        }
        records.add(new TraceRecord(order.offsetMs(ms), input, output, new int[0], line));
      }
    }
    return new Trace(file, TraceFormat.BURSTGPT, records, dropped, true);
  }

  /** A CSV header's required columns, by name (trimmed), and typed access to a row. */
  private static final class Columns {
    private final Map<String, Integer> index = new HashMap<>();
    private final int width;
    private final Errors errors;

    private Columns(List<String> header, Errors errors) {
      this.width = header.size();
      this.errors = errors;
      for (int i = 0; i < header.size(); i++) {
        index.putIfAbsent(stripBom(header.get(i)).trim(), i);
      }
    }

    static Columns read(CsvLines csv, Errors errors, String... required) throws IOException {
      List<String> header = csv.next();
      if (header == null) {
        errors.addRaw(csv.file + " is empty (expected a header row)");
        return null;
      }
      Columns c = new Columns(header, errors);
      for (String r : required) {
        if (!c.index.containsKey(r)) {
          errors.add(csv.line(), r, "column missing from the header '" + abbreviate(String.join(",", header))
              + "'");
        }
      }
      return errors.count() == 0 ? c : null;
    }

    /** The next row with as many fields as the header (others are reported and skipped), or null. */
    List<String> next(CsvLines csv) throws IOException {
      while (!errors.full()) {
        List<String> row = csv.next();
        if (row == null) {
          return null;
        }
        if (row.size() == 1 && row.get(0).isBlank()) {
          continue;
        }
        if (row.size() != width) {
          errors.add(csv.line(), null, "has " + row.size() + " fields but the header has " + width);
          continue;
        }
        return row;
      }
      return null;
    }

    String get(List<String> row, String column) {
      return row.get(index.get(column));
    }

    int length(List<String> row, String column, long line, Errors errors) {
      return length(row, column, line, errors, 1);
    }

    int length(List<String> row, String column, long line, Errors errors, int min) {
      String v = get(row, column).trim();
      long n;
      try {
        n = Long.parseLong(v);
      } catch (NumberFormatException e) {
        errors.add(line, column, v.isEmpty() ? "empty" : "not a whole number, got '" + abbreviate(v) + "'");
        return -1;
      }
      return checkLength(n, column, line, errors, min);
    }
  }

  /** The records of a trace CSV through the project's one RFC 4180 reader, with their line numbers. */
  private static final class CsvLines implements java.io.Closeable {
    final Path file;
    private final CsvReader in;

    CsvLines(Path file) throws IOException {
      this.file = file;
      this.in = new CsvReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), file.toString());
    }

    /** The next record's fields ("" for an empty field), or null at the end. */
    List<String> next() throws IOException {
      List<String> fields = in.readRecord();
      if (fields == null) {
        return null;
      }
      List<String> out = new ArrayList<>(fields.size());
      for (String f : fields) {
        out.add(f == null ? "" : f);
      }
      return out;
    }

    /** 1-based line on which the record last returned started. */
    long line() {
      return in.recordLine();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** Checks that timestamps never decrease and turns them into offsets from the first one. */
  private static final class Order {
    private final Errors errors;
    private BigDecimal first;
    private BigDecimal previous;
    private long previousLine;

    Order(Errors errors) {
      this.errors = errors;
    }

    void check(BigDecimal ms, long line) {
      if (first == null) {
        first = ms;
      }
      if (previous != null && ms.compareTo(previous) < 0) {
        errors.add(line, "timestamp", "earlier than the previous record's (line " + previousLine + "): "
            + ms.subtract(previous).stripTrailingZeros().toPlainString() + " ms; a trace must be sorted by time");
        return;
      }
      previous = ms;
      previousLine = line;
    }

    long offsetMs(BigDecimal ms) {
      return ms.subtract(first).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
  }

  /** Problems found so far, each naming the file, line and field. */
  private static final class Errors {
    private final Path file;
    private final List<String> list = new ArrayList<>();

    Errors(Path file) {
      this.file = file;
    }

    void add(long line, String field, String message) {
      if (!full()) {
        list.add(file + " line " + line + (field == null ? "" : ", field '" + field + "'") + ": " + message);
      }
    }

    void addRaw(String message) {
      if (!full()) {
        list.add(message);
      }
    }

    int count() {
      return list.size();
    }

    boolean full() {
      return list.size() >= MAX_ERRORS;
    }

    void throwIfAny(TraceFormat format) {
      if (list.isEmpty()) {
        return;
      }
      String head = "Trace file " + file + " (" + format.id() + ") has " + (full() ? "at least " : "")
          + list.size() + " bad record" + (list.size() == 1 ? "" : "s")
          + (full() ? " (reading stopped after " + MAX_ERRORS + ")" : "") + "; nothing was sent:";
      throw new TraceFormatException(head + "\n  " + String.join("\n  ", list), list);
    }
  }

  private static void requireFile(Path file) {
    if (file == null) {
      throw new TraceFormatException("No trace file given (-Dllm.trace.file)");
    }
    if (!Files.isRegularFile(file)) {
      throw new TraceFormatException("Trace file " + file.toAbsolutePath() + " does not exist or is not a file");
    }
    if (!Files.isReadable(file)) {
      throw new TraceFormatException("Trace file " + file.toAbsolutePath() + " is not readable");
    }
  }

  private static TraceFormat formatOf(Path file, String name) {
    try {
      return TraceFormat.of(name);
    } catch (IllegalArgumentException e) {
      throw new TraceFormatException(e.getMessage() + " for trace file " + file);
    }
  }

  /** Jackson's problem without its source dump: "Unexpected end-of-input: expected close marker for Object, column 71". */
  private static String jsonProblem(JsonProcessingException e) {
    String m = String.valueOf(e.getOriginalMessage());
    int cut = m.indexOf(" (start marker");
    m = (cut > 0 ? m.substring(0, cut) : m).lines().findFirst().orElse(m);
    return e.getLocation() == null ? m : m + ", column " + e.getLocation().getColumnNr();
  }

  private static String stripBom(String s) {
    return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
