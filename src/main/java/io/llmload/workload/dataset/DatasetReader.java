package io.llmload.workload.dataset;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmload.config.ConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a conversation dataset, whole, before any load: ShareGPT's JSON array of
 * {@code {"id", "conversations": [{"from", "value"}, ...]}} (the file starts with '[') or a JSONL of
 * {@code {"prompt", "output_tokens"?}} (one single-turn conversation per line). Bad input stops with a
 * {@link ConfigException} naming the file, the line (JSONL) or array index and line (ShareGPT), and the field.
 */
public final class DatasetReader {
  /** ShareGPT's "from" values (several exports use the others) and the role each stands for; "system" is left out. */
  static final Set<String> USER_ROLES = Set.of("human", "user");
  static final Set<String> ASSISTANT_ROLES = Set.of("gpt", "assistant", "chatgpt", "bard", "bing", "model");
  private static final ObjectMapper JSON = new ObjectMapper();

  private DatasetReader() {
  }

  public static List<Conversation> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("llm.dataset.file=" + file + " is not a readable file; set -Dllm.dataset.file to a"
          + " ShareGPT .json array or a .jsonl of {\"prompt\", \"output_tokens\"}");
    }
    try {
      int first = firstCharacter(file);
      List<Conversation> out = first == '[' ? shareGpt(file) : jsonl(file);
      if (out.isEmpty()) {
        throw new ConfigException("dataset " + file + " holds no conversation");
      }
      return out;
    } catch (IOException e) {
      throw new ConfigException("dataset " + file + " cannot be read: " + e.getMessage());
    }
  }

  private static int firstCharacter(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int c;
      do {
        c = r.read();
      } while (c == 0xFEFF || (c >= 0 && Character.isWhitespace(c)));
      return c;
    }
  }

  static List<Conversation> shareGpt(Path file) throws IOException {
    List<Conversation> out = new ArrayList<>();
    try (JsonParser p = JSON.createParser(file.toFile())) {
      try {
        if (p.nextToken() != JsonToken.START_ARRAY) {
          throw new ConfigException("dataset " + file + " line 1: a ShareGPT file is a JSON array of conversations");
        }
        int index = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), index++) {
          if (t == null) {
            throw new ConfigException("dataset " + file + ": the JSON array is not closed (file cut short?)");
          }
          long line = p.currentLocation().getLineNr();
          JsonNode entry = p.readValueAsTree();
          out.add(shareGptEntry(entry, file + " [" + index + "] (line " + line + ")"));
        }
      } catch (JsonProcessingException e) {
        throw new ConfigException("dataset " + file + " line " + e.getLocation().getLineNr() + ": not valid JSON ("
            + e.getOriginalMessage() + ")");
      }
    }
    return out;
  }

  private static Conversation shareGptEntry(JsonNode entry, String where) {
    if (!entry.isObject()) {
      throw new ConfigException("dataset " + where + ": each entry must be an object with \"conversations\"");
    }
    String id = entry.path("id").isValueNode() ? entry.path("id").asText() : where;
    JsonNode turns = entry.get("conversations");
    if (turns == null || !turns.isArray()) {
      throw new ConfigException("dataset " + where + " field \"conversations\": missing or not an array");
    }
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < turns.size(); i++) {
      JsonNode m = turns.get(i);
      String field = "dataset " + where + " field \"conversations[" + i + "]";
      if (!m.isObject() || !m.path("from").isTextual()) {
        throw new ConfigException(field + ".from\": missing or not a string (\"human\" or \"gpt\")");
      }
      if (!m.path("value").isTextual()) {
        throw new ConfigException(field + ".value\": missing or not a string");
      }
      String from = m.get("from").asText();
      if (USER_ROLES.contains(from)) {
        messages.add(new Message(Message.USER, m.get("value").asText()));
      } else if (ASSISTANT_ROLES.contains(from)) {
        messages.add(new Message(Message.ASSISTANT, m.get("value").asText()));
      } else if (!from.equals("system")) {
        throw new ConfigException(field + ".from\": \"" + from + "\" is not a role; use \"human\" or \"gpt\"");
      }
    }
    if (messages.stream().noneMatch(Message::fromUser)) {
      throw new ConfigException("dataset " + where + " field \"conversations\": no user turn (no \"from\": \"human\")");
    }
    return new Conversation(id, List.copyOf(messages), null, where);
  }

  static List<Conversation> jsonl(Path file) throws IOException {
    List<Conversation> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      long lineNumber = 0;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        String where = file + " line " + lineNumber;
        JsonNode row;
        try {
          row = JSON.readTree(line);
        } catch (JsonProcessingException e) {
          throw new ConfigException("dataset " + where + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (row == null || !row.isObject()) {
          throw new ConfigException("dataset " + where + ": each line must be a JSON object {\"prompt\", \"output_tokens\"}");
        }
        JsonNode prompt = row.get("prompt");
        if (prompt == null || !prompt.isTextual() || prompt.asText().isBlank()) {
          throw new ConfigException("dataset " + where + " field \"prompt\": missing, not a string or empty");
        }
        Integer output = null;
        JsonNode o = row.get("output_tokens");
        if (o != null && !o.isNull()) {
          if (!o.isIntegralNumber() || !o.canConvertToInt() || o.asInt() < 1) {
            throw new ConfigException("dataset " + where + " field \"output_tokens\": " + o + " is not a whole number >= 1");
          }
          output = o.asInt();
        }
        out.add(new Conversation("line " + lineNumber, List.of(new Message(Message.USER, prompt.asText())), output, where));
      }
    }
    return out;
  }
}
