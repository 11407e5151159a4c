package io.llmload.metrics;

/**
 * When a call's request reached the socket, against its start stamp.
 *
 * @param sentMs      epoch ms on Gatling's clock, with the fraction, when the request's bytes were flushed to
 *                    the socket
 * @param sendDelayMs sent − start (nanoTime, to the microsecond): what the client spent between handing the
 *                    call over and writing it (session functions, connection pool, a new connection's set-up,
 *                    encoding the request)
 */
public record CallSend(double sentMs, double sendDelayMs) {
}
