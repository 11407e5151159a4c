package io.llmload.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Where settings come from: a -D system property {@code llm.input.min} wins over its environment
 * variable {@code LLM_INPUT_MIN}, which wins over the default. Every read is remembered so the run can
 * report the effective configuration (secrets are never remembered).
 */
public final class Settings {
  private final Function<String, String> properties;
  private final Function<String, String> environment;
  private final Map<String, String> effective = new LinkedHashMap<>();

  public Settings(Function<String, String> properties, Function<String, String> environment) {
    this.properties = properties;
    this.environment = environment;
  }

  public static Settings fromSystem() {
    return new Settings(System::getProperty, System::getenv);
  }

  public static Settings of(Map<String, String> properties) {
    return new Settings(properties::get, name -> null);
  }

  /** LLM_INPUT_MIN for llm.input.min; llm.thinkMinSeconds → LLM_THINK_MIN_SECONDS. */
  public static String envName(String property) {
    StringBuilder sb = new StringBuilder();
    for (char c : property.toCharArray()) {
      if (c == '.') {
        sb.append('_');
      } else if (Character.isUpperCase(c)) {
        sb.append('_').append(c);
      } else {
        sb.append(Character.toUpperCase(c));
      }
    }
    return sb.toString();
  }

  /** The raw value, or null when neither the property nor its environment variable is set. */
  public String raw(String property) {
    String value = properties.apply(property);
    if (value == null) {
      value = environment.apply(envName(property));
    }
    return value == null || value.isBlank() ? null : value.trim();
  }

  public String string(String property, String defaultValue) {
    String value = raw(property);
    String result = value == null ? defaultValue : value;
    effective.put(property, result);
    return result;
  }

  /** A secret: read like any other setting, never remembered for reports. */
  public String secret(String property, String... fallbackEnvironment) {
    String value = raw(property);
    for (int i = 0; value == null && i < fallbackEnvironment.length; i++) {
      String env = environment.apply(fallbackEnvironment[i]);
      value = env == null || env.isBlank() ? null : env.trim();
    }
    effective.put(property, value == null ? "(not set)" : "(set, hidden)");
    return value;
  }

  public long integer(String property, long defaultValue, long min, long max) {
    String value = raw(property);
    long result;
    if (value == null) {
      result = defaultValue;
    } else {
      try {
        result = Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw new ConfigException(property + "=" + value + " is not a whole number; set -D" + property
            + "=<integer between " + min + " and " + max + "> (default " + defaultValue + ")");
      }
    }
    if (result < min || result > max) {
      throw new ConfigException(property + "=" + result + " is out of range; set -D" + property
          + " between " + min + " and " + max + " (default " + defaultValue + ")");
    }
    effective.put(property, Long.toString(result));
    return result;
  }

  public double decimal(String property, double defaultValue, double min, double max) {
    String value = raw(property);
    double result;
    if (value == null) {
      result = defaultValue;
    } else {
      try {
        result = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new ConfigException(property + "=" + value + " is not a number; set -D" + property
            + "=<number between " + min + " and " + max + "> (default " + defaultValue + ")");
      }
    }
    if (!(result >= min && result <= max)) {
      throw new ConfigException(property + "=" + value + " is out of range; set -D" + property
          + " between " + min + " and " + max + " (default " + defaultValue + ")");
    }
    effective.put(property, stripZeros(result));
    return result;
  }

  public boolean bool(String property, boolean defaultValue) {
    String value = raw(property);
    boolean result;
    if (value == null) {
      result = defaultValue;
    } else if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      result = Boolean.parseBoolean(value);
    } else {
      throw new ConfigException(property + "=" + value + " is not a boolean; set -D" + property
          + "=true or false (default " + defaultValue + ")");
    }
    effective.put(property, Boolean.toString(result));
    return result;
  }

  public <E extends Enum<E>> E choice(String property, Class<E> type, E defaultValue) {
    String value = raw(property);
    if (value == null) {
      effective.put(property, defaultValue.name().toLowerCase());
      return defaultValue;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value)) {
        effective.put(property, e.name().toLowerCase());
        return e;
      }
    }
    StringBuilder names = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      names.append(names.length() == 0 ? "" : " or ").append(e.name().toLowerCase());
    }
    throw new ConfigException(property + "=" + value + " is not known; set -D" + property + "=" + names
        + " (default " + defaultValue.name().toLowerCase() + ")");
  }

  /** Every setting read so far, as the run used it; secrets show as "(set, hidden)". */
  public Map<String, String> effective() {
    return new LinkedHashMap<>(effective);
  }

  static String stripZeros(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
