package io.llmload.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.sse;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.http.action.sse.SseInboundMessage;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.llmload.config.ConfigException;
import io.llmload.config.LlmConfig;
import io.llmload.metrics.CallResult;
import io.llmload.metrics.CallSchedule;
import io.llmload.metrics.CallSend;
import io.llmload.stream.CallMeter;
import io.llmload.stream.StreamState;
import io.llmload.target.ReplicaBalancer;
import io.llmload.workload.AgentHistory;
import io.llmload.workload.CallSpec;
import io.llmload.workload.Instructions;
import io.llmload.workload.Journey;
import io.llmload.workload.dataset.Conversations;
import io.llmload.workload.dataset.Turn;
import io.llmload.workload.schedule.ScheduleCursor;
import io.llmload.workload.trace.TracePrompts;
import io.llmload.workload.trace.TraceRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The user journeys as Gatling chains: a heavy call, an agent flow, and one streamed call, the unit
 * both are made of. A streamed call is: stamp the start on Gatling's clock, POST with SSE (Gatling's
 * entry for it ends at the response headers, hence its name), drain the events Gatling buffered every
 * llm.drainMillis until [DONE], a failure or a stall, then record the measurement.
 */
public final class LlmChains {
  static final String SSE = "llm";
  static final String JOURNEY = "llm.journey";
  static final String HISTORY = "llm.history";
  static final String METER = "llm.meter";
  static final String BODY = "llm.body";
  static final String PROMPT = "llm.prompt";
  /** The prompt size the call asked for (see LlmRun#requestedPromptTokens). */
  static final String REQUESTED = "llm.requestedPromptTokens";
  /** The conversation's turn index (0-based) in the repeat loop. */
  static final String TURN = "llm.turn";
  /** When the user's previous call ended ([DONE] stamp, or the moment it failed), on Gatling's clock. */
  static final String LAST_END = "llm.lastEnd";
  /** The schedule slot (ScheduleCursor.Slot) of the user's current journey; absent when the schedule is done. */
  static final String SLOT = "llm.slot";
  /** The prompt of a trace record, built off the event loops before its send time. */
  static final String TRACE_PROMPT = "llm.tracePrompt";
  /** The first call's schedule figures (CallSchedule), from its start until it is recorded. */
  static final String CALL_SCHEDULE = "llm.callSchedule";
  /** The index in llm.baseUrl of the replica the current call goes to (several replicas only). */
  static final String REPLICA = "llm.replica";
  /** The URL the current call is posted to (several replicas only). */
  static final String CALL_URL = "llm.callUrl";
  /** The status of the unmeasured GET that opens a user's connection (read by no one: it disables the default check). */
  static final String CONNECT_STATUS = "llm.connectStatus";
  /** The call's start stamp as System.nanoTime(), to time its send delay to the microsecond. */
  static final String START_NANOS = "llm.startNanos";
  /** When the call's request was written to the socket (CallSend), from the connect until it is recorded. */
  static final String CALL_SEND = "llm.callSend";
  /** A trace record's prompt is built this long before its send time, on a background thread. */
  static final long PROMPT_LEAD_NANOS = 1_000_000_000L;
  /** Builds trace prompts off the event loops: one daemon thread, in send-time order. */
  private static final ExecutorService TRACE_PROMPT_BUILDER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "llm-trace-prompts");
    t.setDaemon(true);
    return t;
  });
  /** How long to wait after [DONE] for the server to end the response, so the connection is reused. */
  static final long CLOSE_GRACE_MS = 1000;

  private final LlmRun run;
  private final String path;
  private final ReplicaBalancer replicas;
  /** Each replica's name in llm-calls.csv (user-info redacted), by index, worked out once rather than per call. */
  private final List<String> replicaNames;

  public LlmChains(LlmRun run) {
    this.run = run;
    this.path = run.target().baseUrl() + run.config().endpoint().path();
    this.replicas = run.replicas();
    this.replicaNames = java.util.stream.IntStream.range(0, replicas.size())
        .mapToObj(i -> io.llmload.config.Redaction.url(replicas.url(i))).toList();
  }

  /** A user of the heavy-call workload: one heavy single call. */
  public ChainBuilder heavyCallJourney() {
    return userStart(session -> null).exec(conversationsOr(heavyCall()));
  }

  /** A user of the agent workload: one agent flow. */
  public ChainBuilder agentFlowJourney() {
    return userStart(session -> null).exec(conversationsOr(agentFlow()));
  }

  /** A user of the mixed workload: an agent flow with probability llm.agentMix, else a heavy call. */
  public ChainBuilder mixedJourney() {
    return userStart(session -> null).exec(journey());
  }

  /**
   * A user of the conversations workload (llm.dataset.file): one sampled conversation, a call per turn with
   * the history so far, think time before each turn after the first.
   */
  public ChainBuilder conversationJourney() {
    return userStart(session -> null).exec(conversation());
  }

  /** With llm.workload=conversations every simulation's users replay conversations instead. */
  private ChainBuilder conversationsOr(ChainBuilder synthetic) {
    return run.conversations() != null ? conversation() : synthetic;
  }

  /** The journey's turns in order, each after its think time, in one group. */
  ChainBuilder conversation() {
    ChainBuilder turn = exec(session -> session)
        .doIf(session -> session.getInt(TURN) > 0).then(
            pause(session -> thinkPause(session, journeyOf(session).thinkMillis().get(session.getInt(TURN)))))
        .exec(streamedCall(session -> session.getInt(TURN), "turn", true));
    return group("conversation").on(
        io.gatling.javaapi.core.CoreDsl.repeat(session -> journeyOf(session).calls().size(), TURN).on(turn));
  }

  /**
   * A user whose journey is tagged when it starts (a sweep's level is the one running at that moment;
   * the tag may be null), then runs the heavy call or the agent flow the journey holds.
   */
  public ChainBuilder taggedJourney(java.util.function.Function<Session, String> groupTag) {
    return userStart(groupTag).exec(journey());
  }

  /**
   * Users that send a schedule's journeys at their times (see {@link ScheduleCursor}): each takes the next
   * journey, waits for its time on its own event loop (no polling), runs it, and takes the next until the
   * schedule is done. For an arrival process the journey is drawn as usual; for a trace replay
   * ({@code tracePrompts} not null) it is the record's one call, with the record's prompt built on a
   * background thread before its time. Inject as many users as {@link LlmSetup#scheduledUsers} says.
   */
  public ChainBuilder scheduledJourneys(ScheduleCursor cursor, TracePrompts tracePrompts) {
    ChainBuilder take = exec(GatlingInternals.await("schedule", session -> take(session, cursor, tracePrompts)));
    ChainBuilder draw = exec(session -> {
      ScheduleCursor.Slot slot = session.get(SLOT);
      long position = cursor.schedule().position(slot.index());
      Journey journey = tracePrompts == null ? run.journeyAt(position, null)
          : run.traceJourney(position, cursor.schedule().records().get(slot.index()));
      return session.set(JOURNEY, journey).set(HISTORY, new AgentHistory());
    });
    ChainBuilder start = exec(GatlingInternals.captureRuntime()).exec(userWarmup());
    return start.exec(take).asLongAs(session -> session.contains(SLOT)).on(draw.exec(journey()).exec(take));
  }

  private CompletionStage<Session> take(Session session, ScheduleCursor cursor, TracePrompts tracePrompts) {
    ScheduleCursor.Slot slot = cursor.take(System.nanoTime());
    if (slot == null) {
      return CompletableFuture.completedFuture(session.remove(SLOT).remove(TRACE_PROMPT));
    }
    Session taken = session.set(SLOT, slot).remove(TRACE_PROMPT);
    ScheduledExecutorService loop = session.asScala().eventLoop();
    CompletableFuture<Session> due = new CompletableFuture<>();
    if (tracePrompts == null) {
      after(loop, slot.waitNanos(), () -> due.complete(taken));
      return due;
    }
    TraceRecord record = cursor.schedule().records().get(slot.index());
    CompletableFuture<String> prompt = new CompletableFuture<>();
    after(loop, Math.max(0, slot.waitNanos() - PROMPT_LEAD_NANOS), () -> TRACE_PROMPT_BUILDER.execute(() -> {
      try {
        prompt.complete(tracePrompts.prompt(record));
      } catch (RuntimeException e) {
        prompt.completeExceptionally(e);
      }
    }));
    after(loop, slot.waitNanos(), () -> prompt.whenComplete((text, error) -> {
      if (error != null) {
        due.completeExceptionally(error);
      } else {
        due.complete(taken.set(TRACE_PROMPT, text));
      }
    }));
    return due;
  }

  private static void after(ScheduledExecutorService loop, long nanos, Runnable task) {
    if (nanos <= 0) {
      task.run();
    } else {
      loop.schedule(task, nanos, TimeUnit.NANOSECONDS);
    }
  }

  /**
   * What every user does first: hand Gatling's runtime to the run (the first time only) and draw the
   * user's journey. With llm.warmupPerUser=true the user first sends one small unmeasured call, so its
   * measured calls run on an open connection.
   */
  private ChainBuilder userStart(java.util.function.Function<Session, String> groupTag) {
    if (LlmConfig.TRACE.equals(run.config().workload())) {
      throw new ConfigException("llm.workload=trace: a trace is replayed by TraceReplaySimulation, not by this"
          + " simulation's journeys; set -Dgatling.simulationClass=io.llmload.simulations.TraceReplaySimulation");
    }
    ChainBuilder draw = exec(session -> session.set(JOURNEY, run.nextJourney(groupTag.apply(session)))
        .set(HISTORY, new AgentHistory()));
    return exec(GatlingInternals.captureRuntime()).exec(userWarmup()).exec(draw);
  }

  /**
   * What a user does before its first measured call, off the measured path: with llm.warmupPerUser one small
   * unmeasured call; else, with llm.warmConnections, an unmeasured GET /v1/models to each replica that opens the
   * user's keep-alive connection there, so its first call's send delay holds no TCP (or TLS) set-up. Neither is in
   * any LLM statistic; the GET is left out of Gatling's report too (silent), whatever its status. Warm connections
   * are on by default; a request whose reused connection closes under it is not re-sent (GatlingInternals.NoResend).
   */
  private ChainBuilder userWarmup() {
    if (run.config().warmupPerUser()) {
      return warmupCall();
    }
    if (!run.config().warmConnections()) {
      return exec(session -> session);
    }
    // one connection per replica: calls are spread over them call by call
    ChainBuilder connect = exec(session -> session);
    for (String root : run.target().baseUrls()) {
      connect = connect.exec(http("connect (not measured)").get(root + "/v1/models").silent()
          .check(status().saveAs(CONNECT_STATUS)));
    }
    return connect.exec(session -> session.remove(CONNECT_STATUS).markAsSucceeded());
  }

  /** Runs the heavy call or the agent flow the user's journey holds. */
  ChainBuilder journey() {
    if (run.conversations() != null) {
      return conversation();
    }
    return exec(session -> session).doIfOrElse(session -> journeyOf(session).agent())
        .then(agentFlow())
        .orElse(heavyCall());
  }

  /** One heavy single call. */
  ChainBuilder heavyCall() {
    return streamedCall(0, "heavy", true);
  }

  /** The agent steps in order, with the journey's think time before each step after the first, in one group. */
  ChainBuilder agentFlow() {
    ChainBuilder steps = streamedCall(0, "agent 1 " + io.llmload.config.LlmConfig.stepName(1), true);
    for (int i = 1; i < run.config().agentSteps(); i++) {
      final int index = i;
      steps = steps
          .pause(session -> thinkPause(session, journeyOf(session).thinkMillis().get(index)))
          .exec(streamedCall(i, "agent " + (i + 1) + " " + io.llmload.config.LlmConfig.stepName(i + 1), true));
    }
    return group("agent flow").on(steps);
  }

  /**
   * The think time counts from the previous call's end ([DONE]), as an agent's would: the time the user
   * spent noticing the end (up to one drain period, plus the server closing the response) is taken off.
   */
  private static Duration thinkPause(Session session, long thinkMillis) {
    long sinceEnd = session.contains(LAST_END) ? GatlingInternals.nowMillis() - session.getLong(LAST_END) : 0;
    return Duration.ofMillis(Math.max(0, thinkMillis - Math.max(0, sinceEnd)));
  }

  /**
   * The warm-up every simulation runs first, by {@link LlmSetup#warmupUsers} users at once: llm.warmupCalls small
   * calls between them through the same code path (request building, Gatling's SSE client, the parser), recorded
   * in no LLM statistic, so the first measured calls run on compiled code.
   */
  public ChainBuilder warmup() {
    java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(run.config().warmupCalls());
    return exec(GatlingInternals.captureRuntime())
        .asLongAs(session -> left.getAndDecrement() > 0).on(warmupCall());
  }

  /** A small call through the same code path, not recorded: takes JIT and connection setup out of the measurement. */
  ChainBuilder warmupCall() {
    return streamedCall(0, "warmup", false);
  }

  private ChainBuilder streamedCall(int callIndex, String name, boolean recorded) {
    return streamedCall(session -> callIndex, name, recorded);
  }

  private ChainBuilder streamedCall(java.util.function.ToIntFunction<Session> callIndex, String name, boolean recorded) {
    return exec(session -> prepare(session, callIndex.applyAsInt(session), recorded))
        .exec((replicas.several() ? sse(name + " headers (not TTFT)", SSE).post(session -> session.getString(CALL_URL))
            : sse(name + " headers (not TTFT)", SSE).post(path))
            .body(StringBody(session -> session.getString(BODY))).asJson())
        // at once, not in the first drain: a connection cut before it (the server restarting between the
        // headers and the first drain, llm.drainMillis later) made Gatling re-send the POST 3 s later,
        // unconditionally, even after the call was recorded as failed and the stream closed
        .exec(session -> {
          GatlingInternals.disableReconnect(session, SSE);
          return sent(session);
        })
        .asLongAs(this::streaming).on(
            pause(Duration.ofMillis(run.config().drainMillis()))
                .exec(sse.processUnmatchedMessages(SSE, this::drain)))
        .exec(session -> complete(session, name, recorded))
        .doIfOrElse(session -> isOpen(GatlingInternals.streamState(session, SSE)))
        .then(exec(sse(name + " stream abort", SSE).close()))
        .orElse(exec(session -> session.remove(SSE)));
  }

  private Session prepare(Session session, int callIndex, boolean recorded) {
    CallSpec spec = recorded ? journeyOf(session).call(callIndex) : warmupSpec(session);
    String prompt;
    String body;
    int requested;
    boolean force = run.config().forceOutputLength();
    if (recorded && Conversations.SCENARIO.equals(spec.scenario())) {
      Turn turn = run.conversations().turn(journeyOf(session).index(), spec.step());
      force = run.config().dataset().forceOutput();
      prompt = "";
      body = run.bodies().conversationBody(turn.messages(), spec.requestedOutputTokens(), force);
      requested = spec.inputTokens();
    } else {
      prompt = recorded && session.contains(TRACE_PROMPT) ? session.getString(TRACE_PROMPT)
          : run.prompts().prompt(spec, Instructions.forCall(spec, run.config().agentSteps()));
      AgentHistory history = run.config().agentChain() && spec.step() > 0 ? session.get(HISTORY) : new AgentHistory();
      body = run.bodies().body(prompt, spec.requestedOutputTokens(), history);
      requested = run.requestedPromptTokens(spec, history.tokens());
    }
    run.activeStreams().incrementAndGet();
    if (replicas.several()) {
      int replica = replicas.acquire();
      session = session.set(REPLICA, replica)
          .set(CALL_URL, replicas.url(replica) + run.config().endpoint().path());
    }
    // the last thing before the connect: the start stamp, on the clock Gatling stamps events with
    long startMs = GatlingInternals.nowMillis();
    long startNanos = System.nanoTime();
    CallMeter meter = new CallMeter(spec, startMs, force,
        (long) (run.config().timeoutSeconds() * 1000), (long) (run.config().maxCallSeconds() * 1000),
        run.config().sseBufferSize());
    Session out = session.set(METER, meter).set(BODY, body).set(PROMPT, prompt).set(REQUESTED, requested)
        .set(START_NANOS, startNanos);
    if (recorded && callIndex == 0 && session.contains(SLOT)) {
      out = out.set(CALL_SCHEDULE, scheduleOf(session.get(SLOT), startMs, startNanos));
    }
    return out;
  }

  /** Reads when the call's request was written to the socket (the stream is open: its headers arrived). */
  private static Session sent(Session session) {
    long written = GatlingInternals.requestWrittenNanos(session, SSE);
    if (written < 0) {
      return session;
    }
    return session.set(CALL_SEND, sendOf(written, session.getLong(START_NANOS), GatlingInternals.millisAt(written)));
  }

  /** The send stamp of a call started at startNanos and written at writtenNanos (sentMs on Gatling's clock). */
  static CallSend sendOf(long writtenNanos, long startNanos, double sentMs) {
    return new CallSend(sentMs, (writtenNanos - startNanos) / 1e6);
  }

  /**
   * The call's schedule figures: the intended time moved onto Gatling's clock through the start stamp
   * (both clocks are nanoTime-based), the queue time, and the rest of the lateness as dispatch delay.
   */
  static CallSchedule scheduleOf(ScheduleCursor.Slot slot, long startMs, long startNanos) {
    long lateNanos = startNanos - slot.intendedNanos();
    return new CallSchedule(startMs - Math.round(lateNanos / 1e6), slot.queueNanos() / 1e6,
        (lateNanos - slot.queueNanos()) / 1e6);
  }

  private CallSpec warmupSpec(Session session) {
    return new CallSpec(-1, "warmup", session.userId(), 0, "warmup", null, 64, 16);
  }

  private boolean streaming(Session session) {
    CallMeter meter = session.get(METER);
    if (!meter.finished()) {
      return true;
    }
    return !meter.failed() && isOpen(GatlingInternals.streamState(session, SSE))
        && GatlingInternals.nowMillis() - meter.doneMs() < CLOSE_GRACE_MS;
  }

  private Session drain(List<SseInboundMessage> messages, Session session) {
    CallMeter meter = session.get(METER);
    if (!meter.finished() && GatlingInternals.inflating(session, SSE)) {
      meter.fail(200, "the server compressed the stream (Content-Encoding) although the request asked for"
          + " Accept-Encoding: identity; the call is ended unread (a compressed stream may inflate without bound)");
    }
    meter.onBatch(messages.size());
    int before = meter.tokenEvents();
    for (SseInboundMessage message : messages) {
      meter.onMessage(message.timestamp(), message.message());
    }
    run.streamedTokenEvents().addAndGet(meter.tokenEvents() - before);
    StreamState state = GatlingInternals.streamState(session, SSE);
    meter.onStreamState(state, state == StreamState.CRASHED ? GatlingInternals.crashMessage(session, SSE) : null,
        GatlingInternals.nowMillis());
    return session;
  }

  private Session complete(Session session, String callName, boolean recorded) {
    CallMeter meter = session.get(METER);
    CallResult finished = meter.finish(run.tokenCounter());
    CallResult scheduled = session.contains(CALL_SCHEDULE) ? finished.withSchedule(session.get(CALL_SCHEDULE)) : finished;
    CallResult r = scheduled;
    if (session.contains(REPLICA)) {
      int replica = session.getInt(REPLICA);
      replicas.release(replica);
      r = scheduled.withReplica(replicaNames.get(replica));
    }
    if (session.contains(CALL_SEND)) {
      r = r.withSend(session.get(CALL_SEND));
    }
    String name = Conversations.SCENARIO.equals(r.spec().scenario()) ? "turn " + r.spec().step() : callName;
    run.activeStreams().decrementAndGet();
    long now = GatlingInternals.nowMillis();
    long start = r.startMs();
    String code = r.httpStatus() == 0 ? null : Integer.toString(r.httpStatus());
    if (r.ttftMs() != null) {
      GatlingInternals.logResponse(session, name + " TTFT", start, start + r.ttftMs(), true, code, null);
    } else {
      GatlingInternals.logResponse(session, name + " TTFT", start, now, false, code, r.error());
    }
    GatlingInternals.logResponse(session, name + " E2E", start, r.ok() ? start + r.e2eMs() : now, r.ok(), code, r.error());
    if (recorded) {
      String body = session.getString(BODY);
      run.recorder().record(r, failed -> run.explainRefusal(failed, body));
      if (r.ok() && r.usagePromptTokens() != null) {
        run.promptTokens().add(r.spec().scenario(), r.spec().step(), r.spec().groupTag(), session.getInt(REQUESTED),
            r.usagePromptTokens());
      }
    }
    if (run.config().agentChain() && r.spec().step() > 0 && CallSpec.AGENT.equals(r.spec().scenario())) {
      AgentHistory history = session.get(HISTORY);
      history.add(session.getString(PROMPT), r.contentText(), r.spec().inputTokens(), r.outputTokens());
    }
    Session next = session.remove(METER).remove(BODY).remove(PROMPT).remove(REQUESTED).remove(CALL_SCHEDULE)
        .remove(TRACE_PROMPT).remove(REPLICA).remove(CALL_URL).remove(CALL_SEND).remove(START_NANOS)
        .set(LAST_END, r.ok() ? start + r.e2eMs() : now);
    return r.ok() ? next : next.markAsFailed();
  }

  private static boolean isOpen(StreamState state) {
    return state == StreamState.OPEN || state == StreamState.CONNECTING || state == StreamState.CUT;
  }

  private static Journey journeyOf(Session session) {
    return session.get(JOURNEY);
  }
}
