package io.llmload.servermetrics;

import io.llmload.csv.CsvFormatException;
import io.llmload.csv.CsvTable;
import io.llmload.run.GpuRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Reads the output of {@code nvidia-smi --query-gpu=timestamp,index,uuid,utilization.gpu,memory.used,power.draw
 * --format=csv -lms 500} (with or without {@code nounits}): a header naming the columns (units in brackets
 * are ignored, so any column order works; {@code uuid}, {@code utilization.gpu} and {@code memory.used} may be
 * left out, {@code power.draw.average}/{@code power.draw.instant} stand for {@code power.draw}), then one line
 * per GPU per sample. Values may carry their unit ({@code 45 %}, {@code 1234 MiB}, {@code 250.12 W});
 * {@code [N/A]} and {@code [Not Supported]} are no value. A header line repeated further down is skipped.
 *
 * <p>The timestamp is nvidia-smi's {@code yyyy/MM/dd HH:mm:ss.SSS} in {@code zone} (nvidia-smi writes the
 * host's local time without a zone), or ISO-8601 with an offset. Anything else is a
 * {@link CsvFormatException} naming the file, the line and the value. A last line without its line break
 * (nvidia-smi still writing) is left out with a warning.
 */
public final class NvidiaSmiCsv {
  private static final DateTimeFormatter SMI_TIME = new DateTimeFormatterBuilder()
      .appendPattern("yyyy/MM/dd HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .toFormatter(Locale.ROOT);

  private NvidiaSmiCsv() {
  }

  /** What a read left out (an incomplete last line). */
  public record Read(long rows, List<String> warnings) {
  }

  /** Streams every data line of {@code file} as a row (url_index 0), in file order. */
  public static Read read(Path file, ZoneId zone, Consumer<GpuRow> action) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new CsvFormatException(file + " does not exist or is not a file");
    }
    long rows = 0;
    try (CsvTable t = CsvTable.open(file)) {
      List<String> header = new ArrayList<>();
      for (String h : t.header()) {
        header.add(column(h));
      }
      int time = index(header, "timestamp", file);
      int gpu = index(header, "index", file);
      int power = header.indexOf("power.draw");
      if (power < 0) {
        power = header.indexOf("power.draw.average");
      }
      if (power < 0) {
        power = header.indexOf("power.draw.instant");
      }
      if (power < 0) {
        index(header, "power.draw", file);
      }
      int uuid = header.indexOf("uuid");
      int util = header.indexOf("utilization.gpu");
      int mem = header.indexOf("memory.used");
      while (t.next()) {
        String ts = t.string(time) == null ? "" : t.string(time).strip();
        if (column(ts).equals("timestamp")) {
          continue; // the header again
        }
        long timeMs = timeMs(ts, zone, t);
        String index = text(t.string(gpu));
        if (index == null) {
          throw t.bad(gpu, t.string(gpu), "a GPU index");
        }
        action.accept(new GpuRow(timeMs, 0, index, uuid < 0 ? null : text(t.string(uuid)), null,
            number(t, util, "%"), number(t, mem, "MiB"), number(t, power, "W"), null, false));
        rows++;
      }
      return new Read(rows, List.copyOf(t.warnings()));
    }
  }

  /** A header cell without its unit: {@code " utilization.gpu [%]"} → {@code utilization.gpu}. */
  private static String column(String h) {
    if (h == null) {
      return "";
    }
    String c = h.strip();
    int bracket = c.indexOf('[');
    if (bracket > 0) {
      c = c.substring(0, bracket).strip();
    }
    return c.toLowerCase(Locale.ROOT);
  }

  private static int index(List<String> header, String name, Path file) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new CsvFormatException(file + " line 1: no column '" + name + "' in the header " + header
          + "; record it with nvidia-smi --query-gpu=timestamp,index,uuid,utilization.gpu,memory.used,power.draw"
          + " --format=csv -lms 500 (the header line is needed: not noheader)");
    }
    return i;
  }

  private static String text(String v) {
    if (v == null) {
      return null;
    }
    String s = v.strip();
    return s.isEmpty() || s.startsWith("[") ? null : s;
  }

  private static long timeMs(String ts, ZoneId zone, CsvTable t) {
    try {
      if (ts.contains("T")) {
        return OffsetDateTime.parse(ts).toInstant().toEpochMilli();
      }
      return LocalDateTime.parse(ts, SMI_TIME).atZone(zone).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new CsvFormatException(t.name() + " line " + t.line() + ": timestamp '" + ts + "' is neither nvidia-smi's"
          + " yyyy/MM/dd HH:mm:ss.SSS nor ISO-8601 with an offset");
    }
  }

  private static Double number(CsvTable t, int idx, String unit) {
    if (idx < 0) {
      return null;
    }
    String raw = t.string(idx);
    String v = text(raw);
    if (v == null) {
      return null;
    }
    if (v.endsWith(unit)) {
      v = v.substring(0, v.length() - unit.length()).strip();
    }
    try {
      double d = Double.parseDouble(v);
      if (!Double.isFinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw t.bad(idx, raw, "a number in " + unit + " (or [N/A])");
    }
  }
}
