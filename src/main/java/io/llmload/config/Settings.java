package io.llmload.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one reader of the suite's settings (llm.*, sim.*, compare.*, merge.*; {@link SettingKeys} lists
 * them): a -D system property {@code llm.input.min} wins over its environment variable
 * {@code LLM_INPUT_MIN}, which wins over the default (the environment only for single-valued llm.*
 * keys). {@link #check()} refuses unknown keys. Every read is remembered so the run can report the
 * effective configuration (secrets are never remembered, URLs are remembered redacted: {@link Redaction#url}).
 */
public final class Settings {
  private final Map<String, String> properties;
  private final Map<String, String> environment;
  private final Map<String, String> effective = new LinkedHashMap<>();

  public Settings(Map<String, String> properties, Map<String, String> environment) {
    this.properties = Map.copyOf(properties);
    this.environment = Map.copyOf(environment);
  }

  /** The JVM's -D properties and the process environment, as they are now. */
  public static Settings fromSystem() {
    Map<String, String> properties = new TreeMap<>();
    System.getProperties().forEach((k, v) -> properties.put(String.valueOf(k), String.valueOf(v)));
    return new Settings(properties, System.getenv());
  }

  public static Settings of(Map<String, String> properties) {
    return new Settings(properties, Map.of());
  }

  /**
   * Refuses, with one {@link ConfigException} naming each and the nearest known key, every -D key of
   * ours and every LLM_* environment variable that is not a setting.
   */
  public Settings check() {
    SettingsCheck.check(properties.keySet(), environment.keySet());
    return this;
  }

  /** The -D entries under a family prefix (llm.slo., llm.assert., llm.regression.), sorted by key. */
  public Map<String, String> family(String prefix) {
    if (!SettingKeys.FAMILIES.contains(prefix)) {
      throw new IllegalArgumentException(prefix + " is not a settings family");
    }
    Map<String, String> out = new TreeMap<>();
    properties.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k, v);
      }
    });
    return out;
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
    if (!SettingKeys.KEYS.contains(property)) {
      throw new IllegalArgumentException(property + " is not in SettingKeys.KEYS; list it there and in README.md");
    }
    String value = properties.get(property);
    if (value == null && SettingKeys.hasEnvironmentTwin(property)) {
      value = environment.get(envName(property));
    }
    return value == null || value.isBlank() ? null : value.trim();
  }

  public String string(String property, String defaultValue) {
    String value = raw(property);
    String result = value == null ? defaultValue : value;
    effective.put(property, Redaction.url(result));
    return result;
  }

  /** A secret: read like any other setting, never remembered for reports. */
  public String secret(String property, String... fallbackEnvironment) {
    String value = raw(property);
    for (int i = 0; value == null && i < fallbackEnvironment.length; i++) {
      String env = environment.get(fallbackEnvironment[i]);
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
