package io.llmload.config;

/** A setting is wrong; the message names the property and how to fix it. Thrown before any load is sent. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
