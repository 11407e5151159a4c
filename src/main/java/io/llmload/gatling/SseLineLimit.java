package io.llmload.gatling;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ByteProcessor;
import io.netty.util.ReferenceCountUtil;
import java.util.Locale;

/**
 * Bounds the length of a line in an event-stream response, on the connection, before Gatling's SSE
 * decoder (which keeps a whole line, without limit, until its end arrives). Placed after the
 * decompressor, so it sees inflated bytes: a gzip bomb or an endless line without a newline fails the
 * response as soon as a line passes {@link #MAX_LINE_BYTES}, instead of filling the heap. The failure
 * reaches Gatling as an exception on the connection (Gatling closes it and reports the stream crashed
 * with this class's message), and the rest of the response is dropped unread.
 *
 * <p>One instance per connection; the count restarts with each response, so pooled keep-alive
 * connections are unaffected. A line ends at CR or LF (both end a line in SSE). Responses that are not
 * {@code text/event-stream} pass untouched (their bodies have limits of their own).
 */
public final class SseLineLimit extends ChannelInboundHandlerAdapter {
  /**
   * The longest SSE line accepted, in bytes without its line end: 1 MiB. A data line of a chat
   * completion chunk is well under 10 KB; a longer line means a broken or hostile server.
   */
  public static final int MAX_LINE_BYTES = 1 << 20;
  /** The handler's name in the pipeline. */
  public static final String NAME = "llmload-sse-line-limit";

  private final int maxLineBytes;
  private boolean eventStream;
  private boolean exceeded;
  private long lineBytes;

  public SseLineLimit() {
    this(MAX_LINE_BYTES);
  }

  SseLineLimit(int maxLineBytes) {
    this.maxLineBytes = maxLineBytes;
  }

  /** The reason a call fails with when a line is too long. */
  public static String reason(int maxLineBytes) {
    return "the server sent a line longer than " + maxLineBytes + " bytes in the event stream (a chat chunk"
        + " is well under 10 KB); the response is dropped unread to bound memory";
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpResponse response) {
      String type = response.headers().get(HttpHeaderNames.CONTENT_TYPE);
      eventStream = type != null && type.toLowerCase(Locale.ROOT).contains("text/event-stream");
      exceeded = false;
      lineBytes = 0;
    }
    if (eventStream && msg instanceof HttpContent content) {
      if (exceeded) {
        ReferenceCountUtil.release(msg);
        return;
      }
      if (!withinLimit(content.content())) {
        exceeded = true;
        ReferenceCountUtil.release(msg);
        ctx.fireExceptionCaught(new TooLongFrameException(reason(maxLineBytes)));
        ctx.close();
        return;
      }
    }
    ctx.fireChannelRead(msg);
  }

  /** Counts the bytes of the current line through this buffer; false once a line passes the limit. */
  private boolean withinLimit(ByteBuf buf) {
    int i = buf.readerIndex();
    int end = buf.writerIndex();
    while (i < end) {
      int lineEnd = buf.forEachByte(i, end - i, ByteProcessor.FIND_CRLF);
      if (lineEnd < 0) {
        lineBytes += end - i;
        return lineBytes <= maxLineBytes;
      }
      lineBytes += lineEnd - i;
      if (lineBytes > maxLineBytes) {
        return false;
      }
      lineBytes = 0;
      i = lineEnd + 1;
    }
    return true;
  }
}
