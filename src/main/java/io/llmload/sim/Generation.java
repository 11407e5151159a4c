package io.llmload.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One completion request in flight. Confined to its channel's event loop: the {@link TokenSource} says when each
 * token is due ({@link #tokenDue}), this class writes it (SSE chunk, or accumulated text for a JSON body),
 * injects the planned fault, and on the end records metrics, the request log and releases the token source.
 */
final class Generation {
  private final SimState sim;
  private final ChannelHandlerContext ctx;
  private final ParsedRequest req;
  private final String id;
  private final long created;
  private final long requestSeed;
  private final OutputPlan plan;
  private final FaultPlanner.Decision fault;
  private final long arrival;
  private final boolean keepAlive;
  private final int reasoningTokens;

  private volatile long scheduled = -1;
  private int sent;
  private long firstTokenNanos = -1;
  private long lastTokenNanos = -1;
  private boolean active = true;
  private final String chunkHead;
  private final StringBuilder scratch = new StringBuilder(320);
  private StringBuilder content; // non-streaming only
  private StringBuilder reasoning; // non-streaming only

  Generation(SimState sim, ChannelHandlerContext ctx, ParsedRequest req, long seq, long arrival, boolean keepAlive) {
    this.sim = sim;
    this.ctx = ctx;
    this.req = req;
    this.arrival = arrival;
    this.keepAlive = keepAlive;
    this.requestSeed = sim.requestSeed(seq);
    this.id = (req.chat() ? "chatcmpl-" : "cmpl-") + String.format("%016x%08x", requestSeed, seq);
    this.created = System.currentTimeMillis() / 1000;
    this.plan = OutputPlan.of(req, sim.cfg.maxModelLen(), sim.cfg.meanOutputTokens(), requestSeed);
    this.fault = sim.faultPlanner.decide(seq, plan.tokens());
    this.reasoningTokens = req.chat() ? sim.cfg.reasoningTokens() : 0;
    this.chunkHead = req.chat() ? WireFormat.chatChunkHead(id, created, req.model())
        : WireFormat.completionChunkHead(id, created, req.model());
  }

  String id() { return id; }
  long arrivalNanos() { return arrival; }
  int plannedTokens() { return plan.tokens(); }
  int tokensSent() { return sent; }
  boolean isActive() { return active; }
  EventLoop eventLoop() { return ctx.channel().eventLoop(); }
  int[] promptTokenIds() { return req.promptTokenIds(); }

  /** The engine admitted the request (end of queueing); any thread. */
  void markScheduled(long nanos) {
    if (scheduled < 0) scheduled = nanos;
  }

  /** Starts the response: a pre-stream fault, or headers (streaming) and the token source. */
  void start() {
    if (fault != null && fault.kind().beforeStream()) {
      injectBeforeStream(fault.kind());
      return;
    }
    if (req.stream()) {
      HttpResponse headers = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      headers.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
          .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      if (!keepAlive) headers.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(headers);
    } else {
      // presized for a typical answer only: the text grows with the tokens actually generated
      content = new StringBuilder((int) Math.min(plan.tokens() * 7L, 64 * 1024));
      if (reasoningTokens > 0) reasoning = new StringBuilder();
    }
    sim.tokens.start(this);
  }

  /** Token number {@link #tokensSent()} is due now (it was due at {@code dueNanos}). Event loop only. */
  void tokenDue(long dueNanos) {
    if (!active) return;
    long now = System.nanoTime();
    sim.sendLatenessMicros.recordValue(Math.max(0, (now - dueNanos) / 1000));
    if (fault != null && sent == fault.afterTokens() && injectMidStream(fault.kind(), now)) return;
    int i = sent;
    String tok = Vocabulary.token(requestSeed, i);
    boolean last = i + 1 == plan.tokens();
    String finish = last ? plan.finishReason() : null;
    if (req.stream() && !last && i != 0 && !req.continuousUsage()) {
      // hot path: the per-request head is precomputed, the vocabulary words need no JSON escaping
      StringBuilder sb = scratch;
      sb.setLength(0);
      sb.append(chunkHead);
      if (!req.chat()) sb.append('"').append(tok).append('"');
      else if (i < reasoningTokens) sb.append("{\"reasoning\":\"").append(tok).append("\",\"reasoning_content\":\"").append(tok).append("\"}");
      else sb.append("{\"content\":\"").append(tok).append("\"}");
      sb.append(WireFormat.CHUNK_TAIL);
      ctx.writeAndFlush(new DefaultHttpContent(buf(sb)));
    } else if (req.stream()) {
      StringBuilder sb = new StringBuilder(req.chat() ? 512 : 256);
      String usage = req.continuousUsage() ? WireFormat.usage(req.promptTokens(), i + 1, Math.min(i + 1, reasoningTokens)) : null;
      if (req.chat()) {
        if (i == 0) WireFormat.chatChunk(sb, id, created, req.model(), WireFormat.ROLE_DELTA, null, null);
        String delta = i < reasoningTokens ? WireFormat.reasoningDelta(tok) : WireFormat.contentDelta(tok);
        WireFormat.chatChunk(sb, id, created, req.model(), delta, finish, usage);
      } else {
        WireFormat.completionChunk(sb, id, created, req.model(), tok, finish, usage);
      }
      if (last) {
        if (req.includeUsage()) {
          WireFormat.usageChunk(sb, req.chat(), id, created, req.model(), finalUsage());
        }
        WireFormat.done(sb);
      }
      ctx.write(new DefaultHttpContent(buf(sb)));
      if (last) {
        countToken(now);
        end(plan.finishReason(), plan.finishReason(), 200, now); // logged before the client can see the end
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(closeUnlessKeepAlive());
        return;
      }
      ctx.flush();
    } else {
      (i < reasoningTokens ? reasoning : content).append(tok);
      if (last) {
        countToken(now);
        String body = req.chat()
            ? WireFormat.chatResponse(id, created, req.model(), content.length() == 0 ? null : content.toString(),
                reasoning == null ? null : reasoning.toString(), finish, finalUsage())
            : WireFormat.completionResponse(id, created, req.model(), content.toString(), finish, finalUsage());
        end(plan.finishReason(), plan.finishReason(), 200, now);
        sendJson(HttpResponseStatus.OK, body);
        return;
      }
    }
    countToken(now);
  }

  private void countToken(long now) {
    if (sent == 0) {
      firstTokenNanos = now;
      sim.metrics.firstToken(arrival, now, req.promptTokens());
    }
    sim.metrics.token(lastTokenNanos, now);
    lastTokenNanos = now;
    sent++;
  }

  private String finalUsage() {
    return WireFormat.usage(req.promptTokens(), plan.tokens(), Math.min(plan.tokens(), reasoningTokens));
  }

  private void injectBeforeStream(FaultKind kind) {
    long now = System.nanoTime();
    sim.faultLog.record(new FaultRecord(id, kind, System.currentTimeMillis(), now, 0));
    ApiError err = switch (kind) {
      case HTTP500 -> new ApiError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "InternalServerError",
          "Simulated engine failure (injected fault).", null);
      case HTTP429 -> new ApiError(HttpResponseStatus.TOO_MANY_REQUESTS, "RateLimitError",
          "Too many requests (injected fault).", null);
      case HTTP503 -> new ApiError(HttpResponseStatus.SERVICE_UNAVAILABLE, "ServiceUnavailableError",
          "The server is overloaded (injected fault).", null);
      default -> ApiError.contextTooLong(sim.cfg.maxModelLen(), req.promptTokens(), req.maxTokens());
    };
    FullHttpResponse resp = Responses.json(err.status, err.body());
    if (kind == FaultKind.HTTP429) resp.headers().set(HttpHeaderNames.RETRY_AFTER, sim.cfg.retryAfterSeconds());
    active = false;
    sim.requestLog.add(new RequestRecord(id, arrival, req.promptTokens(), 0, "fault:" + kind.key(),
        err.status.code(), req.stream(), -1, -1));
    Responses.send(ctx, resp, keepAlive);
  }

  /** @return true if the token must not be sent now */
  private boolean injectMidStream(FaultKind kind, long now) {
    sim.faultLog.record(new FaultRecord(id, kind, System.currentTimeMillis(), now, sent));
    switch (kind) {
      case MIDSTREAM_ERROR -> {
        end("abort", "fault:" + kind.key(), req.stream() ? 200 : 500, now);
        if (req.stream()) {
          StringBuilder sb = new StringBuilder(256);
          WireFormat.errorEvent(sb, "Simulated engine error mid-stream (injected fault).", "InternalServerError", 500);
          WireFormat.done(sb);
          ctx.write(new DefaultHttpContent(buf(sb)));
          ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(closeUnlessKeepAlive());
        } else {
          ApiError e = new ApiError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "InternalServerError",
              "Simulated engine error (injected fault).", null);
          sendJson(e.status, e.body());
        }
        return true;
      }
      case CUT -> {
        end("abort", "fault:cut", req.stream() ? 200 : 0, now);
        ctx.channel().close();
        return true;
      }
      case STALL -> {
        end("abort", "fault:stall", req.stream() ? 200 : 0, now);
        long stallNanos = (long) (sim.cfg.stallSeconds() * 1e9);
        ctx.channel().eventLoop().schedule(() -> { ctx.channel().close(); }, stallNanos, TimeUnit.NANOSECONDS);
        return true;
      }
      case INVALID_JSON -> {
        if (req.stream()) {
          ctx.write(new DefaultHttpContent(Unpooled.copiedBuffer(
              "data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\n\n",
              StandardCharsets.UTF_8)));
        } else {
          // a JSON body cannot "continue": the whole body is broken
          end("abort", "fault:invalid_json", 200, now);
          sendJson(HttpResponseStatus.OK, "{\"id\":\"" + id + "\",\"object\":\"chat.completion\",\"choices\":[{");
          return true;
        }
        return false; // the token is sent right after the broken event
      }
      default -> {
        return false;
      }
    }
  }

  /** The client closed the connection before the end. Event loop only. */
  void clientGone() {
    if (!active) return;
    end("abort", "cancelled", 200, System.nanoTime());
  }

  private void end(String metricsReason, String logReason, int status, long now) {
    active = false;
    sim.tokens.release(this);
    long sched = scheduled;
    sim.metrics.requestFinished(metricsReason, arrival, sched, firstTokenNanos, lastTokenNanos, now, sent);
    sim.requestLog.add(new RequestRecord(id, arrival, req.promptTokens(), sent, logReason, status, req.stream(),
        firstTokenNanos, lastTokenNanos));
  }

  private void sendJson(HttpResponseStatus status, String body) {
    Responses.send(ctx, Responses.json(status, body), keepAlive);
  }

  private ChannelFutureListener closeUnlessKeepAlive() {
    return keepAlive ? f -> {} : ChannelFutureListener.CLOSE;
  }

  private ByteBuf buf(CharSequence s) {
    return ByteBufUtil.writeUtf8(ctx.alloc(), s);
  }

}
