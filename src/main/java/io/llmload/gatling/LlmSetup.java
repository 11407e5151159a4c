package io.llmload.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ClosedInjectionStep;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.llmload.config.Injection;
import io.llmload.config.LlmConfig;
import io.llmload.workload.schedule.ScheduleCursor;
import io.llmload.workload.schedule.Schedules;
import io.llmload.workload.schedule.SendSchedule;
import io.llmload.workload.trace.TracePrompts;
import java.time.Duration;

/** The protocol, injection profiles and time bound every LLM simulation shares. */
public final class LlmSetup {
  private LlmSetup() {
  }

  /**
   * HTTP protocol: each user keeps its own connection (as independent clients do; an agent flow reuses
   * it between steps), Gatling's SSE buffer sized by llm.sseBufferSize, and the API key as a Bearer
   * header when one is set. Redirects are not followed, so the key reaches only llm.baseUrl's server
   * (a 3xx answer is a failed call). Accept-Encoding is identity: Gatling inflates any content encoding
   * without a size limit, so a compressed answer (a gzip bomb) could fill the heap; a server that
   * compresses anyway fails the call (the stream's body is not text/event-stream text).
   */
  public static HttpProtocolBuilder protocol(LlmRun run) {
    HttpProtocolBuilder protocol = http
        .disableFollowRedirect()
        .acceptEncodingHeader("identity")
        .sseUnmatchedInboundMessageBufferSize(run.config().sseBufferSize())
        .userAgentHeader("llm-loadtest/" + Versions.suite() + " (Gatling " + Versions.gatling() + ")");
    if (run.config().apiKey() != null) {
      protocol = protocol.authorizationHeader("Bearer " + run.config().apiKey());
    }
    return protocol;
  }

  /** Open injection: llm.users arrivals spread evenly over llm.rampSeconds (all at once when it is 0). */
  public static OpenInjectionStep openInjection(LlmConfig config) {
    return config.rampSeconds() == 0
        ? atOnceUsers(config.users())
        : rampUsers(config.users()).during(millis(config.rampSeconds()));
  }

  /**
   * The measured users of an open run: {@code users} injected by {@link #openInjection} (the seed's even
   * spread) unless llm.arrival, llm.rate or llm.maxConcurrency ask for a schedule, or the run is sharded
   * (llm.shard: the even spread then becomes a schedule of the same times, so that each injector sends every
   * N-th arrival of it); then a scenario of the same name whose users send the arrival schedule
   * ({@link LlmChains#scheduledJourneys}).
   */
  public static PopulationBuilder open(LlmRun run, LlmChains llm, ScenarioBuilder users, String name) {
    LlmConfig config = run.config();
    if (!fromSchedule(config)) {
      return users.injectOpen(openInjection(config));
    }
    SendSchedule schedule = Schedules.arrivals(config);
    schedule.notes().forEach(note -> System.out.println("LLM schedule: " + note));
    return scheduled(config, llm, schedule, name, null);
  }

  /** True when the open model's users are sent from a precomputed schedule (see {@link #open}). */
  static boolean fromSchedule(LlmConfig config) {
    return config.schedule().scheduled() || config.shard().sharded() || config.shard().startAtMs() != null;
  }

  /**
   * Users that send {@code schedule}'s journeys (a trace replay's when {@code tracePrompts} is not null); with
   * llm.shard only this injector's part of it ({@link SendSchedule#shard}).
   */
  public static PopulationBuilder scheduled(LlmConfig config, LlmChains llm, SendSchedule schedule, String name,
      TracePrompts tracePrompts) {
    SendSchedule mine = schedule.shard(config.shard());
    if (mine != schedule) {
      System.out.println("LLM schedule: " + mine.notes().get(mine.notes().size() - 1));
    }
    boolean capped = config.schedule().maxConcurrency() > 0;
    Long startAt = config.shard().startAtMs();
    // llm.startAt: the origin on nanoTime, from the wall clock once (the injectors' wall clocks agree, NTP)
    ScheduleCursor cursor = startAt == null ? new ScheduleCursor(mine, capped)
        : new ScheduleCursor(mine, capped, System.nanoTime() + (startAt - System.currentTimeMillis()) * 1_000_000L);
    if (startAt != null) {
      System.out.println("LLM schedule: origin at " + java.time.Instant.ofEpochMilli(startAt) + " (llm.startAt)");
    }
    return scenario(name).exec(llm.scheduledJourneys(cursor, tracePrompts))
        .injectOpen(atOnceUsers(scheduledUsers(config, mine)));
  }

  /**
   * One user per concurrency slot (llm.maxConcurrency, this injector's share of it with llm.shard), else one
   * per journey of the schedule.
   */
  public static int scheduledUsers(LlmConfig config, SendSchedule schedule) {
    int cap = config.shard().share(config.schedule().maxConcurrency());
    return Math.max(1, cap > 0 ? Math.min(cap, schedule.size()) : schedule.size());
  }

  /**
   * The hard bound of a scheduled run: warm-up, the lead, the schedule's span, and the slowest journeys one
   * slot runs after another (all of them, spread over the slots, with a cap; one without), plus a minute.
   */
  public static Duration maxDuration(LlmConfig config, SendSchedule schedule) {
    double perCall = maxCallSeconds(config);
    double journey = config.agentSteps() * (perCall + config.thinkMaxSeconds());
    int users = scheduledUsers(config, schedule);
    double rounds = Math.ceil(schedule.size() / (double) users);
    double wait = config.shard().startAtMs() == null ? 0
        : Math.max(0, (config.shard().startAtMs() - System.currentTimeMillis()) / 1000.0);
    double total = warmupRounds(config) * perCall + ScheduleCursor.LEAD_NANOS / 1e9 + wait
        + schedule.spanSeconds() + rounds * journey + 60;
    return Duration.ofMillis(Math.round(Math.min(total, 365 * 86_400.0) * 1000));
  }

  /**
   * Closed injection: ramp to llm.users concurrent users over llm.rampSeconds, then hold them for llm.holdSeconds;
   * with llm.shard this injector's share of llm.users ({@link io.llmload.config.ShardConfig#share(int)}: the
   * shares sum to llm.users).
   */
  public static ClosedInjectionStep[] closedInjection(LlmConfig config) {
    Duration hold = millis(config.holdSeconds());
    int users = config.shard().share(config.users());
    return config.rampSeconds() == 0
        ? new ClosedInjectionStep[] {constantConcurrentUsers(users).during(hold)}
        : new ClosedInjectionStep[] {rampConcurrentUsers(0).to(users).during(millis(config.rampSeconds())),
            constantConcurrentUsers(users).during(hold)};
  }

  private static Duration millis(double seconds) {
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  /** The longest a call can last: llm.maxCallSeconds, then up to one drain and the close grace. */
  static double maxCallSeconds(LlmConfig config) {
    return config.maxCallSeconds() + (config.drainMillis() + LlmChains.CLOSE_GRACE_MS) / 1000.0;
  }

  /** At most this many warm-up users send the llm.warmupCalls small calls between them, at once. */
  public static final int WARMUP_USERS = 20;

  /** The warm-up users: llm.warmupCalls up to {@link #WARMUP_USERS}. */
  static int warmupUsers(LlmConfig config) {
    return Math.min(WARMUP_USERS, config.warmupCalls());
  }

  /** The warm-up's rounds of calls: each warm-up user sends at most this many, one after another. */
  static int warmupRounds(LlmConfig config) {
    int users = warmupUsers(config);
    return users == 0 ? 0 : (config.warmupCalls() + users - 1) / users;
  }

  /**
   * Warm-up first ({@link #warmupUsers} users at once sending llm.warmupCalls small calls between them), then the
   * measured users; no warm-up user when llm.warmupCalls=0.
   */
  public static PopulationBuilder warmupThen(LlmConfig config, ScenarioBuilder warmup, PopulationBuilder measured) {
    return config.warmupCalls() == 0 ? measured : warmup.injectOpen(atOnceUsers(warmupUsers(config))).andThen(measured);
  }

  /**
   * A hard bound on the run, whatever the server does: warm-up, ramp, hold and the slowest possible
   * journey (each call lasts at most llm.maxCallSeconds, then up to a drain and the close grace), plus a minute.
   */
  public static Duration maxDuration(LlmConfig config) {
    if (config.injection() == Injection.OPEN && fromSchedule(config)) {
      return maxDuration(config, Schedules.arrivals(config).shard(config.shard()));
    }
    double perCall = maxCallSeconds(config);
    double journey = config.agentSteps() * (perCall + config.thinkMaxSeconds());
    double total = warmupRounds(config) * perCall + config.rampSeconds()
        + (config.injection() == Injection.CLOSED ? config.holdSeconds() : 0) + journey + 60;
    return Duration.ofMillis(Math.round(total * 1000));
  }
}
