package io.llmload.gatling;

import io.gatling.commons.stats.KO$;
import io.gatling.commons.stats.OK$;
import io.gatling.commons.util.Clock;
import io.gatling.core.stats.StatsEngine;
import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Session;
import io.llmload.stream.StreamState;
import java.lang.reflect.Field;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Every use of Gatling's internal (non-DSL) API in this project, in one place, so a Gatling upgrade
 * breaks here and nowhere else (GatlingInternalsTest checks each against the real Gatling):
 * <ul>
 *   <li>Gatling's clock, on which it stamps SSE events, to stamp a call's start on the same clock;</li>
 *   <li>its stats engine, to put TTFT and E2E into Gatling's own report as entries of their own;</li>
 *   <li>the state of an SSE stream (open, ended by the server, crashed), which the DSL does not expose
 *       and without which a stream cut without [DONE] could only be noticed by a timeout;</li>
 *   <li>Gatling's HTTP/1.1 connection set-up, to put {@link SseLineLimit} on every connection Gatling opens
 *       (after its decompressor "inflater", before its response handler "app-http"): an event-stream line
 *       longer than {@link SseLineLimit#MAX_LINE_BYTES} (1 MiB) fails the response at once, so a gzip
 *       bomb or an endless line cannot fill the heap inside Gatling's SSE decoder, which keeps a whole
 *       line and runs before any of our code. Reached through HttpEngine.httpClient (a
 *       DefaultHttpClient), whose per-event-loop resources hold the HTTP/1.1 Bootstrap; its channel
 *       initializer is wrapped. HTTP/2 and proxied connections are not covered.</li>
 *   <li>the same set-up puts a {@link RequestWriteStamp} on every such connection, and the SSE stream's
 *       listener (which keeps the connection its request was written on) leads from a session to it:
 *       {@link #requestWrittenNanos} is when the call's request was flushed to the socket. Gatling's own
 *       hook for that moment, HttpListener.onWrite, is called by its HttpAppHandler just before the write,
 *       but the SSE action's listener cannot be replaced from outside; the stamp is taken on the pipeline
 *       instead, at the flush that follows.</li>
 *   <li>the same set-up puts {@link NoResend} last on every such connection: Gatling's client would send a
 *       request again when its reused connection closes under it, even mid-stream.</li>
 * </ul>
 */
public final class GatlingInternals {
  private static volatile Clock clock;
  private static volatile StatsEngine statsEngine;
  private static volatile io.netty.channel.EventLoopGroup eventLoops;
  private static volatile Runnable onCapture;

  private GatlingInternals() {
  }

  /**
   * An action that adds nothing to the scenario: when Gatling builds it (once, before any user starts)
   * it captures the clock and the stats engine of the running simulation. LlmChains starts every user's
   * chain and the warm-up with it.
   */
  static ActionBuilder captureRuntime() {
    io.gatling.core.action.builder.ActionBuilder scala = (ctx, next) -> {
      clock = ctx.coreComponents().clock();
      statsEngine = ctx.coreComponents().statsEngine();
      eventLoops = ctx.coreComponents().eventLoopGroup();
      installSuiteHandlers(ctx);
      Runnable hook = onCapture;
      if (hook != null) {
        onCapture = null;
        hook.run();
      }
      return next;
    };
    return () -> scala;
  }

  /**
   * An action that hands the session to {@code step} and goes on with the session the returned stage
   * completes with, on the session's own event loop, whenever that is: a user can wait for a time or a
   * background task without a polling loop, which the DSL has no step for. A stage that fails marks the
   * session failed and goes on.
   */
  static ActionBuilder await(String name, java.util.function.Function<Session, java.util.concurrent.CompletionStage<Session>> step) {
    io.gatling.core.action.builder.ActionBuilder scala = (ctx, next) -> new AwaitAction(name, step, next);
    return () -> scala;
  }

  private static final class AwaitAction implements io.gatling.core.action.Action {
    private final String name;
    private final java.util.function.Function<Session, java.util.concurrent.CompletionStage<Session>> step;
    private final io.gatling.core.action.Action next;
    private com.typesafe.scalalogging.Logger logger =
        com.typesafe.scalalogging.Logger$.MODULE$.apply(org.slf4j.LoggerFactory.getLogger(AwaitAction.class));

    AwaitAction(String name, java.util.function.Function<Session, java.util.concurrent.CompletionStage<Session>> step,
        io.gatling.core.action.Action next) {
      this.name = name;
      this.step = step;
      this.next = next;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void execute(io.gatling.core.session.Session session) {
      io.netty.channel.EventLoop loop = session.eventLoop();
      step.apply(new Session(session)).whenComplete((out, error) -> {
        io.gatling.core.session.Session going = error == null ? out.asScala() : session.markAsFailed();
        if (error != null) {
          logger.underlying().warn(name + " failed", error);
        }
        if (loop.inEventLoop()) {
          next.execute(going);
        } else {
          loop.execute(() -> next.execute(going));
        }
      });
    }

    @Override
    public com.typesafe.scalalogging.Logger logger() {
      return logger;
    }

    @Override
    public void com$typesafe$scalalogging$StrictLogging$_setter_$logger_$eq(com.typesafe.scalalogging.Logger value) {
      logger = value;
    }
  }

  /**
   * Wraps the channel initializer of Gatling's HTTP/1.1 Bootstrap on every event loop (the client keeps
   * one Bootstrap per event loop, created on first use in a FastThreadLocal, hence the lookup on each
   * loop's own thread) so that every new connection also gets the suite's handlers ({@link SseLineLimit},
   * {@link RequestWriteStamp}, {@link NoResend}). Idempotent; runs
   * before any user starts, so no connection is opened without it.
   */
  private static void installSuiteHandlers(io.gatling.core.structure.ScenarioContext ctx) {
    io.gatling.http.protocol.HttpComponents http =
        ctx.protocolComponentsRegistry().components(io.gatling.http.protocol.HttpProtocol.HttpProtocolKey());
    Object client = read(http.httpEngine(), "httpClient");
    java.lang.reflect.Method resources;
    try {
      resources = client.getClass().getDeclaredMethod("eventLoopResources", io.netty.channel.EventLoop.class);
      resources.setAccessible(true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw changed(client, "eventLoopResources(EventLoop)", e);
    }
    for (io.netty.util.concurrent.EventExecutor executor : ctx.coreComponents().eventLoopGroup()) {
      io.netty.channel.EventLoop loop = (io.netty.channel.EventLoop) executor;
      Runnable install = () -> {
        Object loopResources;
        try {
          loopResources = resources.invoke(client, loop);
        } catch (ReflectiveOperationException | RuntimeException e) {
          throw changed(client, "eventLoopResources(EventLoop)", e);
        }
        io.netty.bootstrap.Bootstrap bootstrap = (io.netty.bootstrap.Bootstrap) read(loopResources, "http1Bootstrap");
        io.netty.channel.ChannelHandler initializer = bootstrap.config().handler();
        if (!(initializer instanceof WithSuiteHandlers)) {
          bootstrap.handler(new WithSuiteHandlers(initializer));
        }
      };
      if (loop.inEventLoop()) {
        install.run();
      } else {
        loop.submit(install).syncUninterruptibly();
      }
    }
  }

  /**
   * Gatling's channel initializer, then an {@link SseLineLimit} and a {@link RequestWriteStamp} just before
   * Gatling's response handler, and {@link NoResend} last (the first to see each outbound request).
   */
  @io.netty.channel.ChannelHandler.Sharable
  private static final class WithSuiteHandlers extends io.netty.channel.ChannelInitializer<io.netty.channel.Channel> {
    private static final String APP_HTTP = "app-http";
    private final io.netty.channel.ChannelHandler gatlings;

    WithSuiteHandlers(io.netty.channel.ChannelHandler gatlings) {
      this.gatlings = gatlings;
    }

    @Override
    protected void initChannel(io.netty.channel.Channel channel) {
      // the channel is registered: Gatling's initializer runs (adds its handlers, removes itself) right here
      channel.pipeline().addLast(gatlings);
      if (channel.pipeline().get(APP_HTTP) == null) {
        throw new IllegalStateException("Gatling internals changed: no \"" + APP_HTTP + "\" handler after"
            + " Gatling's HTTP/1.1 channel initializer; update"
            + " io.llmload.gatling.GatlingInternals.installSuiteHandlers");
      }
      channel.pipeline().addBefore(APP_HTTP, SseLineLimit.NAME, new SseLineLimit());
      channel.pipeline().addBefore(APP_HTTP, RequestWriteStamp.NAME, new RequestWriteStamp());
      channel.pipeline().addLast(NoResend.NAME, NoResend.INSTANCE);
    }
  }

  /**
   * Keeps Gatling from sending a request a second time when its reused (pooled) connection closes under it.
   * Gatling's HttpAppHandler.channelInactive (gatling-http-client 3.15.1, HttpAppHandler.java:249-254) re-sends
   * the request on a new connection when {@code DefaultHttpClient.canRetry} holds, i.e. when the request went
   * out on a pooled connection; it means to do so only before any response arrived, but it clears its
   * "response received" flag (setInactive) before testing it, so a stream cut after its headers and tokens is
   * re-sent too: a second generation on the server, whose answer then reaches an SSE stream already connected
   * ("Invalid state: stream was connected while state was Connected"). This handler, last in the pipeline and
   * so the first to see each request Gatling writes (an HttpTx), marks it as sent on a new connection, which
   * canRetry refuses: a connection that closes under a request ends that one call, as on a fresh connection
   * (Gatling reports the premature close; the suite records the call as cut or as failed before an answer).
   */
  @io.netty.channel.ChannelHandler.Sharable
  private static final class NoResend extends io.netty.channel.ChannelOutboundHandlerAdapter {
    static final String NAME = "llmload-no-resend";
    static final NoResend INSTANCE = new NoResend();

    @Override
    public void write(io.netty.channel.ChannelHandlerContext ctx, Object msg, io.netty.channel.ChannelPromise promise) {
      if (msg instanceof io.gatling.http.client.impl.HttpTx) {
        GatlingInternals.write(msg, "channelState", io.gatling.http.client.impl.HttpTx.ChannelState.NEW);
      }
      ctx.write(msg, promise);
    }
  }

  /** Runs once when the runtime is first captured (the simulation is built, no user has started yet). */
  public static void onRuntimeCaptured(Runnable hook) {
    onCapture = hook;
  }

  /** The event loops Gatling's virtual users and their connections run on. */
  public static io.netty.channel.EventLoopGroup eventLoops() {
    io.netty.channel.EventLoopGroup group = eventLoops;
    if (group == null) {
      throw new IllegalStateException("Gatling runtime not captured");
    }
    return group;
  }

  /** Gatling's clock now, epoch milliseconds (monotonic: nanoTime anchored once). */
  public static long nowMillis() {
    Clock c = clock;
    if (c == null) {
      throw new IllegalStateException("Gatling runtime not captured: start each scenario with an LlmChains journey or warmup()");
    }
    return c.nowMillis();
  }

  /**
   * A System.nanoTime() moved onto Gatling's clock, epoch milliseconds with the fraction kept: Gatling's
   * DefaultClock is currentTimeMillis taken once plus the nanoTime elapsed since, so this is exactly the
   * value {@link #nowMillis()} would have returned at that instant, before its truncation to whole ms.
   */
  public static double millisAt(long nanoTime) {
    Clock c = clock;
    if (c == null) {
      throw new IllegalStateException("Gatling runtime not captured");
    }
    if (c instanceof io.gatling.commons.util.DefaultClock) {
      long refMillis = (Long) read(c, "currentTimeMillisReference");
      long refNanos = (Long) read(c, "nanoTimeReference");
      return refMillis + (nanoTime - refNanos) / 1e6;
    }
    return c.nowMillis() - (System.nanoTime() - nanoTime) / 1e6;
  }

  /**
   * When the request of the SSE stream sseName in this session was flushed to the socket (System.nanoTime(),
   * see {@link RequestWriteStamp}), or -1 when unknown: the stream is not open (the connect failed or the
   * server answered with an error status), or the connection has no stamp (HTTP/2, a proxy). Read it once,
   * right after the connect: the stamp is cleared when read.
   */
  public static long requestWrittenNanos(Session session, String sseName) {
    Object stream = streamOf(session, sseName);
    Object state = stream == null ? null : read(stream, "state");
    if (state == null || !state.getClass().getSimpleName().endsWith("Connected")) {
      return -1;
    }
    Object listener = read(state, "listener");
    Object channel = listener == null ? null : read(listener, "channel");
    if (!(channel instanceof io.netty.channel.Channel c)) {
      return -1;
    }
    RequestWriteStamp stamp = c.pipeline().get(RequestWriteStamp.class);
    return stamp == null ? -1 : stamp.take();
  }

  /** Adds one entry to Gatling's report (console, HTML, assertions), timed from start to end. */
  public static void logResponse(Session session, String name, long startMs, long endMs, boolean ok, String code, String message) {
    StatsEngine engine = statsEngine;
    if (engine == null) {
      throw new IllegalStateException("Gatling runtime not captured");
    }
    engine.logResponse(session.scenario(), CollectionConverters.asScala(session.groups()).toList(), name, startMs,
        endMs, ok ? OK$.MODULE$ : KO$.MODULE$, Option.apply(code), Option.apply(message));
  }

  /** What the SSE stream named sseName in this session is doing. */
  public static StreamState streamState(Session session, String sseName) {
    Object state = currentState(session, sseName);
    if (state == null) {
      return StreamState.ABSENT;
    }
    return switch (state.getClass().getSimpleName()) {
      case "SseConnectingState" -> StreamState.CONNECTING;
      case "SseClosedState", "SseClosingState" -> StreamState.CLOSED;
      case "SseCrashedState" -> StreamState.CRASHED;
      default -> connectionAlive(session.get(sseName)) ? StreamState.OPEN : StreamState.CUT;
    };
  }

  /**
   * Turns off Gatling's SSE auto-reconnect for this stream. For an event feed, reconnecting is right;
   * for an LLM completion it re-sends the POST, i.e. a second generation the server must run and the
   * client then discards. Gatling schedules it 3 s after a premature close (and after any server
   * "retry:" value); this sets that delay beyond any run, so the reconnect never fires. Call it right
   * after the connect action: Gatling reads the delay when the connection is cut and then reconnects
   * unconditionally, even if the stream was closed and the user has moved on, so a cut before this call
   * re-sends the request (seen when a server restarted within the first drain pause).
   */
  public static void disableReconnect(Session session, String sseName) {
    Object stream = streamOf(session, sseName);
    if (stream != null) {
      write(stream, "retryDelayInMillis", Integer.MAX_VALUE);
    }
  }

  /**
   * The reason of a call whose connection closed after its request was sent and before the response headers
   * (Gatling's PrematureCloseException, "Premature close", while the stream was connecting). With
   * {@link NoResend} the request is not sent again.
   */
  public static final String CLOSED_BEFORE_ANSWER =
      "the server closed the connection before answering (the request was sent once and is not re-sent)";
  private static final String PREMATURE_CLOSE = "Premature close";

  /** The error Gatling recorded when the stream crashed (e.g. "Server returned http response with code 400"). */
  public static String crashMessage(Session session, String sseName) {
    Object state = currentState(session, sseName);
    if (state == null || !state.getClass().getSimpleName().equals("SseCrashedState")) {
      return null;
    }
    Object message = read(state, "errorMessage");
    if (message == null) {
      return null;
    }
    // Gatling prefixes the exception's abbreviated class name; SseLineLimit's reason stands on its own
    String text = message.toString();
    if (text.endsWith(PREMATURE_CLOSE)) {
      return CLOSED_BEFORE_ANSWER;
    }
    int reason = text.indexOf(SseLineLimit.reason(0).substring(0, 30));
    return reason > 0 ? text.substring(reason) : text;
  }

  /**
   * True when Gatling is inflating this stream's response (the server sent a Content-Encoding although
   * the request asked for identity): Gatling's decompressor has no size limit, so a small compressed
   * body can expand to gigabytes. Read from the connection's Netty decompressor, which holds a
   * decoder only while it inflates a response.
   */
  public static boolean inflating(Session session, String sseName) {
    Object stream = streamOf(session, sseName);
    Object state = stream == null ? null : read(stream, "state");
    if (state == null || !state.getClass().getSimpleName().endsWith("Connected")) {
      return false;
    }
    Object listener = read(state, "listener");
    Object channel = listener == null ? null : read(listener, "channel");
    if (!(channel instanceof io.netty.channel.Channel c)) {
      return false;
    }
    io.netty.handler.codec.http.HttpContentDecoder decoder = c.pipeline().get(io.netty.handler.codec.http.HttpContentDecoder.class);
    if (decoder == null) {
      return false;
    }
    try {
      return CONTENT_DECODER.get(decoder) != null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw changed(decoder, "decoder", e);
    }
  }

  private static final Field CONTENT_DECODER = contentDecoderField();

  private static Field contentDecoderField() {
    try {
      Field f = io.netty.handler.codec.http.HttpContentDecoder.class.getDeclaredField("decoder");
      f.setAccessible(true);
      return f;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("Netty internals changed: HttpContentDecoder.decoder is gone; update"
          + " io.llmload.gatling.GatlingInternals.inflating", e);
    }
  }

  private static Object streamOf(Session session, String sseName) {
    if (!session.contains(sseName)) {
      return null;
    }
    Object fsm = session.get(sseName);
    return fsm == null ? null : read(fsm, "stream");
  }

  /** True unless the stream is "connected" over a channel that is closed (a cut Gatling has not reported). */
  private static boolean connectionAlive(Object fsm) {
    Object stream = read(fsm, "stream");
    Object state = stream == null ? null : read(stream, "state");
    if (state == null || !state.getClass().getSimpleName().endsWith("Connected")) {
      return true;
    }
    Object listener = read(state, "listener");
    Object channel = listener == null ? null : read(listener, "channel");
    return !(channel instanceof io.netty.channel.Channel c) || c.isActive();
  }

  private static Object currentState(Session session, String sseName) {
    if (!session.contains(sseName)) {
      return null;
    }
    Object fsm = session.get(sseName);
    return fsm == null ? null : read(fsm, "currentState");
  }

  private static Object read(Object target, String fieldName) {
    try {
      return field(target.getClass(), fieldName).get(target);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw changed(target, fieldName, e);
    }
  }

  private static void write(Object target, String fieldName, Object value) {
    try {
      field(target.getClass(), fieldName).set(target, value);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw changed(target, fieldName, e);
    }
  }

  private static final ClassValue<java.util.Map<String, Field>> FIELDS = new ClassValue<>() {
    @Override
    protected java.util.Map<String, Field> computeValue(Class<?> type) {
      return new java.util.concurrent.ConcurrentHashMap<>();
    }
  };

  private static Field field(Class<?> type, String name) throws NoSuchFieldException {
    Field cached = FIELDS.get(type).get(name);
    if (cached == null) {
      cached = type.getDeclaredField(name);
      cached.setAccessible(true);
      FIELDS.get(type).put(name, cached);
    }
    return cached;
  }

  private static IllegalStateException changed(Object target, String fieldName, Exception e) {
    return new IllegalStateException("Gatling internals changed: " + target.getClass().getName() + "." + fieldName
        + " is not accessible; update io.llmload.gatling.GatlingInternals for this Gatling version", e);
  }
}
