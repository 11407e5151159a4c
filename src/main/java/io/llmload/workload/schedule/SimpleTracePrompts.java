package io.llmload.workload.schedule;

import io.llmload.workload.prompt.PromptFactory;
import io.llmload.workload.trace.TracePrompts;
import io.llmload.workload.trace.TraceRecord;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default prompts of a trace replay: a {@link PromptFactory} prompt of the record's input tokens with a
 * unique head, so no two calls share a prefix; hash ids are ignored (the block-aware TracePrompts keeps the
 * trace's prefix reuse). The call index is the record's line and how many times that line was sent before
 * (llm.trace.rateScale above 1 sends a record more than once), so a replay is reproducible from the seed.
 * A record below the factory's smallest prompt gets that smallest prompt.
 */
public final class SimpleTracePrompts implements TracePrompts {
  private final PromptFactory factory;
  private final int minimum;
  private final Map<Long, AtomicInteger> sent = new ConcurrentHashMap<>();

  public SimpleTracePrompts(PromptFactory factory) {
    this.factory = factory;
    this.minimum = factory.minimumTokens(null);
  }

  @Override
  public String prompt(TraceRecord record) {
    int copy = sent.computeIfAbsent(record.line(), k -> new AtomicInteger()).getAndIncrement();
    return factory.build(record.line() * 64 + copy, Math.max(minimum, record.inputTokens()));
  }
}
