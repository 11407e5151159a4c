package io.llmload.servermetrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parser for the Prometheus text exposition format (version 0.0.4), the format vLLM's
 * {@code /metrics} serves through prometheus_client.
 *
 * <p>Handles {@code # HELP} (with {@code \\} and {@code \n} escapes) and {@code # TYPE} lines, other
 * comments, blank lines, CRLF line ends, label values with {@code \\ \" \n} escapes, a trailing comma
 * in the label set, values {@code NaN}, {@code +Inf}, {@code -Inf} and optional int64 millisecond
 * timestamps. Samples are grouped into families: a histogram {@code x} collects {@code x_bucket},
 * {@code x_sum}, {@code x_count}, {@code x_created}; a summary {@code x_sum}, {@code x_count},
 * {@code x_created}; a counter {@code x} also {@code x_total} (OpenMetrics style). Samples with no
 * {@code # TYPE} become untyped families of their own name.
 *
 * <p>Anything else (bad names, unterminated label sets, unknown escapes, unparsable values, trailing
 * garbage, a second TYPE line for a name, a bucket without a numeric {@code le}) is a
 * {@link MetricsParseException} naming the line, and so is a body with more than {@link #MAX_SAMPLES}
 * samples (vLLM serves a few hundred; a server with millions of series would exhaust the heap).
 * Stateless and thread-safe.
 */
public final class PrometheusTextParser {
  /** The most samples one body may hold. */
  public static final int MAX_SAMPLES = 100_000;

  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern TIMESTAMP = Pattern.compile("-?\\d{1,19}");

  private PrometheusTextParser() {
  }

  /** Parses a whole /metrics body. */
  public static MetricsSnapshot parse(String text) throws MetricsParseException {
    return new Run().parseAll(text);
  }

  /** Parses a float as the text format writes it (also {@code NaN}, {@code ±Inf}); {@code null} if not a number. */
  static Double parseValue(String token) {
    String lower = token.toLowerCase(Locale.ROOT);
    switch (lower) {
      case "nan", "+nan", "-nan":
        return Double.NaN;
      case "inf", "+inf", "infinity", "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf", "-infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    if (!DECIMAL.matcher(token).matches()) {
      return null;
    }
    return Double.parseDouble(token);
  }

  private static boolean isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  }

  private static boolean isNameChar(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9');
  }

  private static boolean isLabelNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isLabelNameChar(char c) {
    return isLabelNameStart(c) || (c >= '0' && c <= '9');
  }

  static boolean isValidMetricName(String name) {
    if (name.isEmpty() || !isNameStart(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      if (!isNameChar(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** The state of one parse: families in order of first appearance. */
  private static final class Run {
    private final Map<String, FamilyBuilder> families = new LinkedHashMap<>();
    private final Map<String, String> helpByName = new HashMap<>();
    private int lineNumber;
    private int samples;

    MetricsSnapshot parseAll(String text) throws MetricsParseException {
      int start = 0;
      int n = text.length();
      while (start <= n) {
        int end = text.indexOf('\n', start);
        if (end < 0) {
          end = n;
        }
        lineNumber++;
        String line = text.substring(start, end);
        if (line.endsWith("\r")) {
          line = line.substring(0, line.length() - 1);
        }
        parseLine(line);
        start = end + 1;
      }
      List<MetricFamily> out = new ArrayList<>(families.size());
      for (FamilyBuilder b : families.values()) {
        String help = b.help != null ? b.help : helpByName.get(b.name);
        out.add(new MetricFamily(b.name, b.type, help, b.samples));
      }
      return new MetricsSnapshot(out);
    }

    private MetricsParseException error(String message) {
      return new MetricsParseException(lineNumber, message);
    }

    private void parseLine(String raw) throws MetricsParseException {
      String line = raw.strip();
      if (line.isEmpty()) {
        return;
      }
      if (line.charAt(0) == '#') {
        parseComment(line);
      } else {
        parseSample(line);
      }
    }

    private void parseComment(String line) throws MetricsParseException {
      // "#", keyword, name, rest; anything that is not HELP/TYPE is a plain comment.
      String body = line.substring(1).stripLeading();
      String keyword = firstToken(body);
      if (!keyword.equals("HELP") && !keyword.equals("TYPE")) {
        return;
      }
      String afterKeyword = body.substring(keyword.length());
      if (afterKeyword.isEmpty() || !Character.isWhitespace(afterKeyword.charAt(0))) {
        return; // e.g. "#HELPME": a comment
      }
      afterKeyword = afterKeyword.stripLeading();
      String name = firstToken(afterKeyword);
      if (name.isEmpty()) {
        return; // "# HELP" alone: treated as a comment, as Prometheus does
      }
      if (!isValidMetricName(name)) {
        throw error("invalid metric name in # " + keyword + ": '" + name + "'");
      }
      String rest = afterKeyword.substring(name.length());
      if (!rest.isEmpty()) {
        rest = rest.substring(1); // the single separator; HELP text keeps its own spacing
      }
      if (keyword.equals("HELP")) {
        if (helpByName.containsKey(name)) {
          throw error("second # HELP line for " + name);
        }
        String help = unescapeHelp(rest);
        helpByName.put(name, help);
        FamilyBuilder existing = families.get(name);
        if (existing != null && existing.declared) {
          existing.help = help;
        }
      } else {
        String typeWord = rest.strip();
        MetricType type = MetricType.fromTypeWord(typeWord);
        if (type == null) {
          throw error("unknown metric type '" + typeWord + "' for " + name);
        }
        FamilyBuilder existing = families.get(name);
        if (existing != null) {
          throw error(existing.declared
              ? "second # TYPE line for " + name
              : "# TYPE line for " + name + " after its samples");
        }
        FamilyBuilder b = new FamilyBuilder(name, type, true);
        b.help = helpByName.get(name);
        families.put(name, b);
      }
    }

    private static String firstToken(String s) {
      int i = 0;
      while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      return s.substring(0, i);
    }

    private String unescapeHelp(String s) {
      StringBuilder sb = new StringBuilder(s.length());
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '\\' && i + 1 < s.length()) {
          char next = s.charAt(i + 1);
          if (next == '\\') {
            sb.append('\\');
            i++;
            continue;
          }
          if (next == 'n') {
            sb.append('\n');
            i++;
            continue;
          }
        }
        sb.append(c); // other backslashes are kept literally (HELP is free text)
      }
      return sb.toString().stripTrailing();
    }

    private void parseSample(String line) throws MetricsParseException {
      int i = 0;
      int n = line.length();
      if (!isNameStart(line.charAt(0))) {
        throw error("expected a metric name, found '" + line.charAt(0) + "'");
      }
      while (i < n && isNameChar(line.charAt(i))) {
        i++;
      }
      String name = line.substring(0, i);
      int nameEnd = i;
      i = skipSpaces(line, i);
      Map<String, String> labels = new LinkedHashMap<>();
      boolean hasLabels = i < n && line.charAt(i) == '{';
      if (hasLabels) {
        i = parseLabels(line, i + 1, labels);
      } else if (i == nameEnd && i < n) {
        throw error("unexpected character '" + line.charAt(i) + "' after metric name " + name);
      }
      // value and optional timestamp, whitespace separated, nothing else
      String rest = line.substring(i);
      String[] tokens = rest.strip().split("[ \t]+");
      if (tokens.length == 0 || tokens[0].isEmpty()) {
        throw error("missing value for " + name);
      }
      if (tokens.length > 2) {
        throw error("unexpected text after value of " + name + ": '" + tokens[2] + "'");
      }
      Double value = parseValue(tokens[0]);
      if (value == null) {
        throw error("invalid value '" + tokens[0] + "' for " + name);
      }
      Long timestamp = null;
      if (tokens.length == 2) {
        if (!TIMESTAMP.matcher(tokens[1]).matches()) {
          throw error("invalid timestamp '" + tokens[1] + "' for " + name);
        }
        try {
          timestamp = Long.parseLong(tokens[1]);
        } catch (NumberFormatException e) {
          throw error("timestamp out of range '" + tokens[1] + "' for " + name);
        }
      }
      Sample sample = new Sample(name, labels, value, timestamp);
      FamilyBuilder family = familyFor(name);
      if (family.type == MetricType.HISTOGRAM && name.equals(family.name + "_bucket")) {
        String le = labels.get("le");
        if (le == null || parseValue(le.strip()) == null) {
          throw error("histogram bucket " + name + " without a numeric le label");
        }
      }
      if (++samples > MAX_SAMPLES) {
        throw error("more than " + MAX_SAMPLES + " samples in one scrape; is llm.metricsUrl vLLM's /metrics?");
      }
      family.samples.add(sample);
    }

    private int parseLabels(String line, int i, Map<String, String> labels) throws MetricsParseException {
      int n = line.length();
      while (true) {
        i = skipSpaces(line, i);
        if (i >= n) {
          throw error("unterminated label set");
        }
        if (line.charAt(i) == '}') {
          return i + 1;
        }
        if (!isLabelNameStart(line.charAt(i))) {
          throw error("invalid label name starting at '" + line.charAt(i) + "'");
        }
        int nameStart = i;
        while (i < n && isLabelNameChar(line.charAt(i))) {
          i++;
        }
        String labelName = line.substring(nameStart, i);
        i = skipSpaces(line, i);
        if (i >= n || line.charAt(i) != '=') {
          throw error("expected '=' after label name " + labelName);
        }
        i = skipSpaces(line, i + 1);
        if (i >= n || line.charAt(i) != '"') {
          throw error("expected '\"' to open the value of label " + labelName);
        }
        i++;
        StringBuilder value = new StringBuilder();
        boolean closed = false;
        while (i < n) {
          char c = line.charAt(i);
          if (c == '"') {
            closed = true;
            i++;
            break;
          }
          if (c == '\\') {
            if (i + 1 >= n) {
              break;
            }
            char e = line.charAt(i + 1);
            switch (e) {
              case '\\' -> value.append('\\');
              case '"' -> value.append('"');
              case 'n' -> value.append('\n');
              default -> throw error("invalid escape '\\" + e + "' in label " + labelName);
            }
            i += 2;
            continue;
          }
          value.append(c);
          i++;
        }
        if (!closed) {
          throw error("unterminated value of label " + labelName);
        }
        if (labels.put(labelName, value.toString()) != null) {
          throw error("duplicate label " + labelName);
        }
        i = skipSpaces(line, i);
        if (i >= n) {
          throw error("unterminated label set");
        }
        char c = line.charAt(i);
        if (c == ',') {
          i++;
        } else if (c != '}') {
          throw error("expected ',' or '}' after label " + labelName + ", found '" + c + "'");
        }
      }
    }

    private static int skipSpaces(String line, int i) {
      while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
        i++;
      }
      return i;
    }

    /** The family a sample name belongs to: its own TYPE, a typed base name + suffix, or a new untyped one. */
    private FamilyBuilder familyFor(String sampleName) {
      FamilyBuilder own = families.get(sampleName);
      if (own != null && own.declared) {
        return own;
      }
      FamilyBuilder base = typedBaseFamily(sampleName);
      if (base != null) {
        return base;
      }
      if (own != null) {
        return own;
      }
      FamilyBuilder created = new FamilyBuilder(sampleName, MetricType.UNTYPED, false);
      created.help = helpByName.get(sampleName);
      families.put(sampleName, created);
      return created;
    }

    private FamilyBuilder typedBaseFamily(String sampleName) {
      for (String suffix : new String[] {"_bucket", "_sum", "_count", "_created", "_total"}) {
        if (!sampleName.endsWith(suffix)) {
          continue;
        }
        FamilyBuilder base = families.get(sampleName.substring(0, sampleName.length() - suffix.length()));
        if (base == null || !base.declared) {
          continue;
        }
        boolean fits = switch (base.type) {
          case HISTOGRAM -> !suffix.equals("_total");
          case SUMMARY -> suffix.equals("_sum") || suffix.equals("_count") || suffix.equals("_created");
          case COUNTER -> suffix.equals("_total") || suffix.equals("_created");
          default -> false;
        };
        if (fits) {
          return base;
        }
      }
      return null;
    }
  }

  private static final class FamilyBuilder {
    final String name;
    final MetricType type;
    final boolean declared;
    String help;
    final List<Sample> samples = new ArrayList<>();

    FamilyBuilder(String name, MetricType type, boolean declared) {
      this.name = name;
      this.type = type;
      this.declared = declared;
    }
  }
}
