package io.llmload.matrix;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Placeholders of the matrix file: {@code {name}} (a letter or '_', then letters, digits or '_') is replaced by
 * the grid parameter of that name; the built-in {@code {port}} is left in place and filled by the launcher with a
 * free port just before the server starts. Any other brace text ({@code '{"level":3}'}, a JSON argument) is not a
 * placeholder and is kept as written.
 */
public final class Template {
  /** The built-in placeholder filled at launch. */
  public static final String PORT = "port";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private Template() {
  }

  /** The placeholder names a text uses, in order of first use. */
  public static Set<String> names(String text) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /**
   * The text with every grid placeholder replaced; {@code {port}} kept. A placeholder that is neither a parameter
   * nor built in is an {@link IllegalArgumentException} naming it and the known ones.
   */
  public static String expand(String text, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value = values.get(name);
      if (value == null && !name.equals(PORT)) {
        throw new IllegalArgumentException("unknown placeholder {" + name + "}; "
            + (values.isEmpty() ? "this configuration has no grid" : "the grid has " + braces(values.keySet()))
            + " and the built-in {port}");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** The text with {@code {port}} replaced by the port. */
  public static String withPort(String text, int port) {
    return text.replace("{" + PORT + "}", Integer.toString(port));
  }

  private static String braces(Set<String> names) {
    StringBuilder sb = new StringBuilder();
    for (String n : names) {
      sb.append(sb.length() == 0 ? "" : ", ").append('{').append(n).append('}');
    }
    return sb.toString();
  }
}
