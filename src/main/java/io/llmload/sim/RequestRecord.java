package io.llmload.sim;

/**
 * What the simulator did with one request (written when the request ended).
 *
 * @param id                  response id (chatcmpl-…, cmpl-…), or "-" when rejected before an id existed
 * @param arrivalNanos        System.nanoTime() when the full request body had been received
 * @param promptTokens        prompt tokens as counted by the simulator (see docs/simulator.md)
 * @param outputTokensSent    output tokens actually written to the client
 * @param finishReason        "stop", "length", "error", "cancelled" (the connection closed before the end: the
 *                            client went away, or the simulator was closed) or "fault:&lt;kind&gt;"
 * @param status              HTTP status sent
 * @param stream              whether it was a streaming request
 * @param firstTokenNanos     nanoTime the first token was written, -1 if none
 * @param lastTokenNanos      nanoTime the last token was written, -1 if none
 */
public record RequestRecord(String id, long arrivalNanos, int promptTokens, int outputTokensSent, String finishReason,
              int status, boolean stream, long firstTokenNanos, long lastTokenNanos) {}
