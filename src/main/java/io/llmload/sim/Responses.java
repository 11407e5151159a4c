package io.llmload.sim;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** Whole (non-streaming) HTTP responses. */
final class Responses {
  private Responses() {}

  static FullHttpResponse json(HttpResponseStatus status, String body) {
    return of(status, "application/json", body);
  }

  static FullHttpResponse of(HttpResponseStatus status, String contentType, String body) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        body.isEmpty() ? Unpooled.EMPTY_BUFFER : ByteBufUtil.writeUtf8(io.netty.buffer.ByteBufAllocator.DEFAULT, body));
    if (contentType != null) r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
    return r;
  }

  static void send(ChannelHandlerContext ctx, FullHttpResponse r, boolean keepAlive) {
    if (!keepAlive) r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    var f = ctx.writeAndFlush(r);
    if (!keepAlive) f.addListener(ChannelFutureListener.CLOSE);
  }
}
