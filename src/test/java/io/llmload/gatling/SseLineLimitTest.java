package io.llmload.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SseLineLimit on an EmbeddedChannel, with a limit of 16 bytes: lines under, at and over it, split across chunks. */
class SseLineLimitTest {
  private static final int LIMIT = 16;

  private final List<Throwable> errors = new ArrayList<>();
  private final EmbeddedChannel channel = new EmbeddedChannel(new SseLineLimit(LIMIT), new ChannelInboundHandlerAdapter() {
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      errors.add(cause);
    }
  });

  @Test
  void linesUpToTheLimitPassUntouched() {
    channel.writeInbound(response("text/event-stream; charset=utf-8"));
    HttpContent content = chunk("data: " + "x".repeat(LIMIT - 6) + "\n\n" + "x".repeat(LIMIT - 1) + "\r\n");
    channel.writeInbound(content);
    channel.writeInbound(new DefaultLastHttpContent());
    assertThat(errors).isEmpty();
    assertThat(channel.isOpen()).isTrue();
    assertThat((Object) channel.readInbound()).isInstanceOf(HttpResponse.class);
    HttpContent passed = channel.readInbound();
    assertThat(passed).isSameAs(content);
    passed.release();
    ((HttpContent) channel.readInbound()).release();
  }

  @Test
  void aLineOverTheLimitFailsTheResponseAndClosesTheConnection() {
    channel.writeInbound(response("text/event-stream"));
    HttpContent content = chunk("data: ok\n" + "y".repeat(LIMIT + 1) + "\n");
    channel.writeInbound(content);
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).hasMessageStartingWith("the server sent a line longer than 16 bytes");
    assertThat(channel.isOpen()).isFalse();
    assertThat(content.refCnt()).as("dropped content is released").isZero();
    channel.readInbound();
    assertThat((Object) channel.readInbound()).as("nothing of the response passes").isNull();
  }

  @Test
  void aLineAcrossChunkBoundariesIsCountedWhole() {
    channel.writeInbound(response("text/event-stream"));
    channel.writeInbound(chunk("\n" + "a".repeat(6)));
    channel.writeInbound(chunk("a".repeat(6)));
    channel.writeInbound(chunk("a".repeat(4) + "\nb"));
    assertThat(errors).as("16 bytes over three chunks").isEmpty();
    channel.writeInbound(chunk("b".repeat(15)));
    assertThat(errors).isEmpty();
    channel.writeInbound(chunk("b"));
    assertThat(errors).as("17 bytes over two chunks, no line end yet").hasSize(1);
    assertThat(channel.isOpen()).isFalse();
    releaseAll();
  }

  @Test
  void theCountRestartsWithEachResponseOnAKeptAliveConnection() {
    channel.writeInbound(response("text/event-stream"));
    channel.writeInbound(chunk("c".repeat(LIMIT)));
    channel.writeInbound(new DefaultLastHttpContent());
    channel.writeInbound(response("text/event-stream"));
    channel.writeInbound(chunk("d".repeat(LIMIT)));
    assertThat(errors).isEmpty();
    assertThat(channel.isOpen()).isTrue();
    releaseAll();
  }

  @Test
  void otherResponsesAreNotLimited() {
    channel.writeInbound(response("application/json"));
    channel.writeInbound(chunk("e".repeat(LIMIT * 4)));
    assertThat(errors).isEmpty();
    assertThat(channel.isOpen()).isTrue();
    releaseAll();
  }

  private void releaseAll() {
    for (Object m = channel.readInbound(); m != null; m = channel.readInbound()) {
      ReferenceCountUtil.release(m);
    }
  }

  private static HttpResponse response(String contentType) {
    HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    return r;
  }

  private static HttpContent chunk(String text) {
    ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    return new DefaultHttpContent(buf);
  }
}
