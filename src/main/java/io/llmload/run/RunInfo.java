package io.llmload.run;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.llmload.config.Redaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * run.json: what the run was (configuration without secrets, target, model, server version, Gatling and
 * suite versions, host name, Java version), filled by the caller as a map and written pretty-printed.
 * As a last line of defence, every string value goes through {@link Redaction#value}: under a
 * secret-looking key (api key, password, secret, authorization, bearer, a key ending in "token" such as
 * hf_token; not max_tokens) it is written as "[redacted]", and URLs lose their user-info and query values.
 */
public final class RunInfo {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RunInfo() {
  }

  /** Writes {@code info} to runDir/run.json (replacing it), returns the file. */
  public static Path write(Path runDir, Map<String, ?> info) {
    Map<String, Object> redacted = redact(info);
    return AtomicFiles.write(runDir.resolve(RunFiles.RUN_INFO), out -> JSON.writeValue(out, redacted));
  }

  /** runDir/run.json as an ordered map; empty when the file is absent. */
  public static Map<String, Object> read(Path runDir) {
    Path file = runDir.resolve(RunFiles.RUN_INFO);
    if (!Files.isRegularFile(file)) {
      return new LinkedHashMap<>();
    }
    try {
      return JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() { });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static Map<String, Object> redact(Map<String, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : map.entrySet()) {
      out.put(e.getKey(), redactValue(e.getKey(), e.getValue()));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object redactValue(String key, Object value) {
    if (value instanceof Map<?, ?> m) {
      return redact((Map<String, ?>) m);
    }
    if (value instanceof List<?> list) {
      return list.stream().map(v -> redactValue(key, v)).toList();
    }
    if (value instanceof CharSequence text) {
      return Redaction.value(key, text.toString());
    }
    return value;
  }
}
