package io.llmload.metrics;

/**
 * When a scheduled call was meant to go and what held it back; present only for the first call of a journey
 * sent from a schedule (an arrival process, a concurrency cap or a trace replay).
 *
 * @param intendedMs      the schedule's send time, epoch ms on Gatling's clock (the same clock as start_ms)
 * @param queueMs         time spent waiting for a concurrency slot (llm.maxConcurrency), ms; 0 without a cap
 * @param dispatchDelayMs actual send (start) − intended − queue time, ms: the client's own lateness
 */
public record CallSchedule(long intendedMs, double queueMs, double dispatchDelayMs) {
}
