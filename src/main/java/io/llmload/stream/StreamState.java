package io.llmload.stream;

/** What Gatling's SSE stream is doing, as far as the meter needs to know. */
public enum StreamState {
  /** Waiting for response headers. */
  CONNECTING,
  /** Headers received, events flowing. */
  OPEN,
  /** Gatling still holds the stream open but its connection is gone: the server cut it mid-response. */
  CUT,
  /** The server ended the response. */
  CLOSED,
  /** The connection failed or the response was refused (status, content type, I/O error). */
  CRASHED,
  /** No stream in the session (already removed). */
  ABSENT
}
