package io.llmload.config;

/** Which OpenAI-compatible API the calls use. */
public enum Endpoint {
  CHAT("/v1/chat/completions"),
  COMPLETIONS("/v1/completions");

  private final String path;

  Endpoint(String path) {
    this.path = path;
  }

  public String path() {
    return path;
  }
}
