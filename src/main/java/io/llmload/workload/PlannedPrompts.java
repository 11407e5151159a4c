package io.llmload.workload;

import io.llmload.config.LlmConfig;
import io.llmload.workload.prompt.PromptCounter;
import io.llmload.workload.prompt.PromptFactory;
import io.llmload.workload.prompt.PromptPool;
import io.llmload.workload.prompt.PromptSpec;
import io.llmload.workload.prompt.ServerSizedPrompts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Prompts built ahead of the users who need them. Journeys are reproducible from their index, so the
 * prompts of the next {@code ahead} journeys are planned at the start and one more journey is planned
 * each time a user starts one: the pool's background thread stays ahead of the load.
 */
public final class PlannedPrompts implements PromptSource {
  private static final int MAX_CALLS_PER_JOURNEY = JourneyPlanner.CALL_ID_STRIDE;

  private final PromptFactory factory;
  private final PromptPool pool;
  private final ServerSizedPrompts serverSized;
  private final JourneyPlanner planner;
  private final JourneyKind kind;
  private final int steps;
  private final int ahead;
  private final int planned;
  /** With llm.shard this injector's journeys are the positions I, I + N, …: those are planned. */
  private final io.llmload.config.ShardConfig shard;

  public PlannedPrompts(LlmConfig config, JourneyPlanner planner, JourneyKind kind) {
    this(config, planner, kind, null);
  }

  /**
   * @param serverCounter the server's tokenizer for llm.tokenizer=server (prompts sized by {@link ServerSizedPrompts}),
   *                      or null to size them in the jtokkit encoding
   */
  public PlannedPrompts(LlmConfig config, JourneyPlanner planner, JourneyKind kind, PromptCounter serverCounter) {
    try {
      this.factory = new PromptFactory(config.encoding(), config.seed(), config.sharedPrefixTokens());
    } catch (IllegalArgumentException e) {
      throw new io.llmload.config.ConfigException("llm.encoding=" + config.encoding() + ": " + e.getMessage());
    }
    this.serverSized = serverCounter == null ? null
        : new ServerSizedPrompts(factory, serverCounter, RequestBodies.SYSTEM_PROMPT);
    this.planner = planner;
    this.kind = kind;
    this.steps = config.agentSteps();
    this.ahead = Math.max(1, Math.min(config.users(), 1000));
    List<PromptSpec> first = new ArrayList<>();
    this.shard = config.shard();
    for (long i = 0; i < ahead && kind != JourneyKind.CONVERSATION; i++) {
      first.addAll(specs(planner.journey(shard.position(i), kind, null)));
    }
    this.planned = first.size();
    this.pool = new PromptPool(serverSized == null ? factory : serverSized, first, ahead * Math.min(MAX_CALLS_PER_JOURNEY, steps + 1));
  }

  /** Prompts planned at the start (the first {@code ahead} journeys). */
  public int planned() {
    return planned;
  }

  private List<PromptSpec> specs(Journey journey) {
    List<PromptSpec> specs = new ArrayList<>();
    for (CallSpec call : journey.calls()) {
      specs.add(new PromptSpec(call.callId(), call.inputTokens(), Instructions.forCall(call, steps)));
    }
    return specs;
  }

  /**
   * Waits (bounded) until the prompts planned at the start are built. A prompt that is not ready when
   * its call starts is built by the caller, on a Gatling event loop, where it would delay the stamping
   * of other streams' events: the load must not start before the pool is ahead.
   *
   * @return false when the timeout passed first
   */
  public boolean awaitPlanned(Duration timeout) {
    try {
      return pool.awaitPrebuilt(planned, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void planAhead(Journey started) {
    if (kind == JourneyKind.CONVERSATION) {
      return; // conversations send their recorded text
    }
    pool.plan(specs(planner.journey(started.index() + (long) ahead * shard.count(), kind, null)));
  }

  @Override
  public String prompt(CallSpec spec, String instruction) {
    if (spec.callId() < 0) {
      return factory.build(Math.abs(spec.callId()) + Long.MAX_VALUE / 2, spec.inputTokens(), instruction);
    }
    return pool.take(spec.callId(), spec.inputTokens(), instruction);
  }

  /** "prompt building delayed N requests by X ms" and the like. */
  public String describe() {
    if (serverSized != null) {
      return pool.stats().describe() + "; sized with the model's tokenizer: " + serverSized.counts() + " counts, "
          + serverSized.inexact() + " prompts not exact";
    }
    return pool.stats().describe();
  }

  public PromptPool.Stats stats() {
    return pool.stats();
  }

  @Override
  public void close() {
    pool.close();
  }
}
