package io.llmload.sim.bench;

import io.llmload.sim.SimConfig;
import io.llmload.sim.SimMode;
import io.llmload.sim.VllmSimulator;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Measures FIXED mode's send precision and rate: N concurrent streams from an in-process Netty loopback client.
 * Reports the server's send lateness (the moment the event loop starts writing a token minus its due time)
 * p50/p99/max and the token events per second the client received.
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.llmload.sim.bench.SimulatorBenchmark \
 *     -Dbench.streams=2000 -Dbench.tokens=400 -Dbench.itlMs=15 -Dbench.ttftMs=50
 * </pre>
 */
public final class SimulatorBenchmark {
  public static void main(String[] args) throws Exception {
    int streams = Integer.getInteger("bench.streams", 2000);
    int tokens = Integer.getInteger("bench.tokens", 400);
    double itlMs = Double.parseDouble(System.getProperty("bench.itlMs", "15"));
    double ttftMs = Double.parseDouble(System.getProperty("bench.ttftMs", "50"));
    long rampMs = Long.getLong("bench.rampMs", 1000);
    System.out.printf(Locale.ROOT, "streams %d, tokens %d, ttft %.1f ms, itl %.1f ms (nominal %.0f events/s), ramp %d ms%n",
        streams, tokens, ttftMs, itlMs, streams * 1000.0 / itlMs, rampMs);
    try (VllmSimulator sim = VllmSimulator.start(SimConfig.builder().mode(SimMode.FIXED).ttftMs(ttftMs).itlMs(itlMs).build())) {
      int warmup = Integer.getInteger("bench.warmupStreams", Math.max(1, streams / 4));
      if (warmup > 0) {
        run(sim, warmup, 100, rampMs / 2); // JIT and pools warm, then measure afresh
        sim.resetSendLateness();
      }
      System.out.println("load average before the measured run: " + loadAverage());
      Result r = run(sim, streams, tokens, rampMs);
      Histogram h = sim.sendLatenessMicros();
      System.out.printf(Locale.ROOT, "completed streams %d/%d, token events %d in %.2f s%n", r.completed, streams, r.events,
          r.seconds);
      System.out.printf(Locale.ROOT, "events/s overall %.0f, in the all-streams-open window %.0f%n",
          r.events / r.seconds, r.steadyRate);
      System.out.printf(Locale.ROOT, "send lateness (us): p50 %d, p90 %d, p99 %d, p99.9 %d, max %d (n=%d)%n",
          h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
          h.getValueAtPercentile(99.9), h.getMaxValue(), h.getTotalCount());
      System.out.println("load average after: " + loadAverage());
    }
  }

  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim()
          + " (" + Runtime.getRuntime().availableProcessors() + " cores)";
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  record Result(int completed, long events, double seconds, double steadyRate) {}

  static Result run(VllmSimulator sim, int streams, int tokens, long rampMs) throws InterruptedException {
    boolean epoll = Epoll.isAvailable();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    AtomicLong events = new AtomicLong();
    CountDownLatch done = new CountDownLatch(streams);
    AtomicLong completed = new AtomicLong();
    byte[] body = ("{\"messages\":[{\"role\":\"user\",\"content\":\"benchmark\"}],\"stream\":true,\"max_tokens\":" + tokens
        + ",\"ignore_eos\":true}").getBytes(StandardCharsets.UTF_8);
    try {
      Bootstrap b = new Bootstrap().group(group).channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
          .option(ChannelOption.TCP_NODELAY, true)
          .handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(new HttpClientCodec(), new CountingHandler(events, completed, done));
            }
          });
      long t0 = System.nanoTime();
      for (int i = 0; i < streams; i++) {
        long startAt = t0 + rampMs * 1_000_000L * i / streams;
        long d;
        while ((d = startAt - System.nanoTime()) > 0) java.util.concurrent.locks.LockSupport.parkNanos(d);
        b.connect("127.0.0.1", sim.port()).addListener(f -> {
          if (!f.isSuccess()) {
            done.countDown();
            return;
          }
          Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
          FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/chat/completions",
              Unpooled.wrappedBuffer(body));
          req.headers().set(HttpHeaderNames.HOST, "127.0.0.1").set(HttpHeaderNames.CONTENT_TYPE, "application/json")
              .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
          ch.writeAndFlush(req);
        });
      }
      long rampEnd = System.nanoTime();
      long eventsAtRampEnd = events.get();
      // all streams are open from the end of the ramp until the first stream (started first) finishes
      long firstEnds = t0 + (long) ((sim.config().ttftMs() + (tokens - 1) * sim.config().itlMs()) * 1e6);
      double steadyRate = Double.NaN;
      if (firstEnds > rampEnd + 500_000_000L) {
        long d;
        while ((d = firstEnds - System.nanoTime()) > 0) java.util.concurrent.locks.LockSupport.parkNanos(d);
        steadyRate = (events.get() - eventsAtRampEnd) / ((System.nanoTime() - rampEnd) / 1e9);
      }
      boolean finished = done.await(600, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (!finished) System.out.println("WARNING: not all streams finished within 600 s");
      return new Result((int) completed.get(), events.get(), seconds, steadyRate);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** Counts "data: " event starts (minus the role chunk and [DONE]) without parsing JSON. */
  static final class CountingHandler extends SimpleChannelInboundHandler<HttpObject> {
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private final AtomicLong events;
    private final AtomicLong completed;
    private final CountDownLatch done;
    private int matched; // bytes of "data: " matched across reads
    private boolean finished;

    CountingHandler(AtomicLong events, AtomicLong completed, CountDownLatch done) {
      this.events = events;
      this.completed = completed;
      this.done = done;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (msg instanceof HttpContent c) {
        ByteBuf buf = c.content();
        long n = 0;
        for (int i = buf.readerIndex(); i < buf.writerIndex(); i++) {
          byte x = buf.getByte(i);
          if (x == DATA[matched]) {
            if (++matched == DATA.length) {
              n++;
              matched = 0;
            }
          } else {
            matched = x == DATA[0] ? 1 : 0;
          }
        }
        events.addAndGet(n);
        if (msg instanceof LastHttpContent) {
          events.addAndGet(-2); // the role chunk and [DONE] carry no token
          completed.incrementAndGet();
          finished = true;
          done.countDown();
          ctx.close();
        }
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (!finished) done.countDown(); // a premature close must not hang the benchmark
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
