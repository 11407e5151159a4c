package io.llmload.config;

/**
 * A setting is wrong; the message names the property and how to fix it. Thrown before any load is sent.
 * The message is redacted ({@link Redaction#url}): a URL it quotes never shows its user-info or query values.
 */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(Redaction.url(message));
  }
}
