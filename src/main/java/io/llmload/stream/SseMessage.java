package io.llmload.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Undoes Gatling's rendering of a server-sent event. Gatling 3.15 hands each event over as
 * {@code {"event":"…","id":"…","data":<data>,"retry":n}} where {@code <data>} is embedded raw when it
 * starts with '{' and ends with '}' (or '[' … ']'), and as a JSON string otherwise. So a vLLM chunk
 * arrives as a JSON object, but {@code data: [DONE]} becomes the invalid JSON {@code {"data":[DONE]}}
 * (gatling#4687). This class returns the original data payload in every case.
 */
public final class SseMessage {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DATA_KEY = "\"data\":";
  private static final String RETRY_KEY = ",\"retry\":";

  private SseMessage() {
  }

  /** The event's data, exactly as the server sent it, or null for an event without data. */
  public static String payload(String rendered) {
    if (rendered == null) {
      return null;
    }
    int at = rendered.indexOf(DATA_KEY);
    if (at < 0) {
      return null;
    }
    int start = at + DATA_KEY.length();
    int end = rendered.length() - 1; // the closing '}' of Gatling's wrapper
    // a trailing ,"retry":<digits> is Gatling's field, not the data's; looked for at the tail only (a search of
    // the whole string showed up in the load benchmark's profile)
    int digits = end;
    while (digits > start && Character.isDigit(rendered.charAt(digits - 1))) {
      digits--;
    }
    int retry = digits - RETRY_KEY.length();
    if (digits < end && retry > start && rendered.startsWith(RETRY_KEY, retry)) {
      end = retry;
    }
    if (end <= start) {
      return "";
    }
    String data = rendered.substring(start, end);
    if (data.startsWith("\"")) {
      try {
        JsonNode text = JSON.readTree(data);
        return text.isTextual() ? text.asText() : data;
      } catch (JsonProcessingException e) {
        return data;
      }
    }
    return data;
  }
}
