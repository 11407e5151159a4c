package io.llmload.gatling;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Stamps, on a client connection, the moment a request's bytes are handed to the socket: the flush that
 * follows the request's last part (Gatling writes the head, the body and an empty last part, then flushes
 * once). The stamp is {@link System#nanoTime()} taken just before that flush, so a server on the same
 * machine cannot have seen the request before it; it is read once per request ({@link #take()}).
 *
 * <p>One instance per connection, placed before Gatling's response handler "app-http" so that handler's
 * writes pass through it. An HTTP/1.1 connection carries one request at a time, so the last stamp on the
 * connection a response arrived on is that request's.
 */
public final class RequestWriteStamp extends ChannelOutboundHandlerAdapter {
  /** The handler's name in the pipeline. */
  public static final String NAME = "llmload-request-write-stamp";

  private boolean lastPartPending;
  private volatile long writtenNanos = -1;

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof LastHttpContent || msg instanceof FullHttpRequest) {
      lastPartPending = true;
    }
    ctx.write(msg, promise);
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    if (lastPartPending) {
      lastPartPending = false;
      writtenNanos = System.nanoTime();
    }
    ctx.flush();
  }

  /** The nanoTime the last request on this connection was flushed to the socket, or -1; clears it. */
  public long take() {
    long out = writtenNanos;
    writtenNanos = -1;
    return out;
  }
}
