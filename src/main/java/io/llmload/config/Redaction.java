package io.llmload.config;

import java.util.Locale;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is never written (files, console, error messages): the one home of the suite's redaction.
 * {@link #url} hides the user-info and every query value of each URL in a text
 * ({@code http://user:pass@h:8000/metrics?token=abc} → {@code http://[redacted]@h:8000/metrics?token=[redacted]});
 * {@link #isSecretKey} tells the keys whose values are never written at all (api key, password, token…);
 * {@link #value} applies both to one key's value.
 */
public final class Redaction {
  public static final String REDACTED = "[redacted]";

  private static final Pattern SECRET_KEY =
      Pattern.compile("(api[._-]?key|apikey|password|passwd|secret|authorization|bearer|credential|(^|[._-])token$)");
  /**
   * A URL in free text (any scheme://, not only http): scheme, optional user-info (up to the last '@' of the authority), the
   * rest of the authority and the path, optional query, optional fragment. A URL ends at white space,
   * a quote or an angle bracket; a comma ends the authority and path (comma-separated lists) but not a
   * query, so a query value is never cut short and half shown.
   */
  private static final Pattern URL = Pattern.compile(
      "(?i)(\\b[a-z][a-z0-9+.-]*://)([^/?#\\s\"'<>,]*@)?([^?#\\s\"'<>,]*)(\\?[^#\\s\"'<>]*)?(#[^\\s\"'<>]*)?");

  private Redaction() {
  }

  /**
   * {@code text} with the user-info and the query values of every URL in it replaced by
   * {@value #REDACTED} (a fragment as a whole); null stays null. For one URL, a list of URLs, or a
   * message that quotes one.
   */
  public static String url(String text) {
    if (text == null || text.indexOf("://") < 0) {
      return text;
    }
    Matcher m = URL.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      StringBuilder url = new StringBuilder(m.group(1));
      if (m.group(2) != null) {
        url.append(REDACTED).append('@');
      }
      url.append(m.group(3));
      if (m.group(4) != null) {
        url.append('?').append(query(m.group(4).substring(1)));
      }
      if (m.group(5) != null) {
        url.append('#').append(REDACTED);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(url.toString()));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** name=value&amp;… with every value (a part without '=' as a whole) redacted; names kept. */
  private static String query(String query) {
    StringJoiner out = new StringJoiner("&");
    for (String part : query.split("&", -1)) {
      int eq = part.indexOf('=');
      out.add(part.isEmpty() ? "" : eq >= 0 ? part.substring(0, eq + 1) + REDACTED : REDACTED);
    }
    return out.toString();
  }

  /** True for keys whose values must never be written (api_key, llm.apiKey, password, hf_token, …; not max_tokens). */
  public static boolean isSecretKey(String key) {
    return SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).find();
  }

  /** The value as it may be written under {@code key}: {@value #REDACTED} for a secret key, else {@link #url}. */
  public static String value(String key, String value) {
    if (value != null && !value.isEmpty() && isSecretKey(key)) {
      return REDACTED;
    }
    return url(value);
  }
}
