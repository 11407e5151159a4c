package io.llmload.verdict;

import io.llmload.run.AtomicFiles;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes checks as a JUnit XML report (the Ant/Surefire "testsuite" dialect Jenkins' junit step reads):
 * one testcase per check, a {@code <failure message="…">} for each failed one, every string XML-escaped
 * and characters XML 1.0 forbids replaced, so a hostile message cannot break the file.
 */
public final class JUnitXmlWriter {
  private JUnitXmlWriter() {
  }

  /** Writes (atomically replaces) {@code file}, creating its folder when needed. */
  public static void write(Path file, String suiteName, List<Check> checks) {
    AtomicFiles.write(file, render(suiteName, checks));
  }

  public static String render(String suiteName, List<Check> checks) {
    long failures = checks.stream().filter(c -> !c.passed()).count();
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb.append("<testsuite name=\"").append(escape(suiteName)).append("\" tests=\"").append(checks.size())
        .append("\" failures=\"").append(failures).append("\" errors=\"0\" skipped=\"0\" time=\"0\">\n");
    for (Check c : checks) {
      sb.append("  <testcase classname=\"").append(escape(suiteName)).append("\" name=\"").append(escape(c.name()))
          .append("\" time=\"0\">\n");
      String details = details(c);
      if (!c.passed()) {
        sb.append("    <failure message=\"").append(escape(c.message())).append("\" type=\"").append("threshold")
            .append("\">").append(escape(details)).append("</failure>\n");
      } else {
        sb.append("    <system-out>").append(escape(details)).append("</system-out>\n");
      }
      sb.append("  </testcase>\n");
    }
    sb.append("</testsuite>\n");
    return sb.toString();
  }

  private static String details(Check c) {
    StringBuilder sb = new StringBuilder(c.message());
    if (c.observed() != null) {
      sb.append("\nobserved: ").append(c.observed());
    }
    if (c.threshold() != null) {
      sb.append("\nthreshold: ").append(c.threshold());
    }
    return sb.toString();
  }

  /** Escapes for both text and attribute values; newlines and tabs become character references. */
  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&apos;");
        case '\n' -> sb.append("&#10;");
        case '\r' -> sb.append("&#13;");
        case '\t' -> sb.append("&#9;");
        default -> {
          if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            sb.append(ch).append(s.charAt(++i));
          } else if (ch < 0x20 || Character.isSurrogate(ch) || ch == 0xFFFE || ch == 0xFFFF) {
            sb.append('\uFFFD'); // not allowed in XML 1.0, not even as a character reference
          } else {
            sb.append(ch);
          }
        }
      }
    }
    return sb.toString();
  }
}
