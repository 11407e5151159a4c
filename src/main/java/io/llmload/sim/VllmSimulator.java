package io.llmload.sim;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.HdrHistogram.Histogram;

/**
 * The embedded vLLM-compatible server. {@link #start} binds 127.0.0.1 and returns once listening;
 * {@link #close} stops it (idempotent). Uses native epoll when available: its timerfd wakes the event loop
 * with sub-millisecond precision, which FIXED mode's token deadlines need; NIO otherwise.
 */
public final class VllmSimulator implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(VllmSimulator.class.getName());
  private static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

  private final SimState state;
  private final EventLoopGroup group;
  private final Channel serverChannel;
  private final ChannelGroup connections;
  private final int port;
  private boolean closed;

  private VllmSimulator(SimState state, EventLoopGroup group, Channel serverChannel, ChannelGroup connections) {
    this.state = state;
    this.group = group;
    this.serverChannel = serverChannel;
    this.connections = connections;
    this.port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  public static VllmSimulator start(SimConfig cfg) {
    // load cl100k_base (about a second) before listening, not on an event loop in the first request
    Tokenizer.count("warm up");
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, io);
    // every open client connection, so close() can end them while their event loops still run
    ChannelGroup connections = new DefaultChannelGroup("sim-connections", GlobalEventExecutor.INSTANCE);
    TokenSource tokens = null;
    try {
      tokens = TokenSources.create(cfg);
      SimState state = new SimState(cfg, tokens, null);
      TokenSources.bindMetrics(tokens, state.metrics);
      TokenSources.bindPower(tokens, state.gpu);
      ServerBootstrap b = new ServerBootstrap()
          .group(group)
          .channel(channelType)
          .option(ChannelOption.SO_BACKLOG, 4096)
          // a restart binds the same port at once, while the connections this server closed sit in
          // TIME_WAIT on it (Netty epoll and the JDK default to it on Linux; set so it does not depend on that)
          .option(ChannelOption.SO_REUSEADDR, true)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              connections.add(ch);
              ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY_BYTES),
                  new SimHttpHandler(state));
            }
          });
      Channel ch = b.bind(new InetSocketAddress("127.0.0.1", cfg.port())).sync().channel();
      VllmSimulator sim = new VllmSimulator(state, group, ch, connections);
      LOG.info(() -> "vLLM simulator listening on " + sim.baseUrl() + " (" + cfg.describe() + ", "
          + (epoll ? "epoll" : "nio") + ")");
      return sim;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      if (tokens != null) tokens.close();
      throw new IllegalStateException("interrupted while binding the simulator", e);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      if (tokens != null) tokens.close();
      throw new IllegalStateException("cannot start the simulator on 127.0.0.1:" + cfg.port() + ": " + e.getMessage()
          + (cfg.port() != 0 ? "; choose another port with -Dsim.port=<n> (0 = any free port)" : ""), e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public SimConfig config() {
    return state.cfg;
  }

  public FaultLog faultLog() {
    return state.faultLog;
  }

  /**
   * The simulator's event loops, which parse requests and write every token: a probe on them (the
   * accuracy tests use the client's, gatling.ClientHealth) measures when the simulator itself was held up,
   * which its request log cannot show.
   */
  public EventLoopGroup eventLoops() {
    return group;
  }

  public RequestLog requestLog() {
    return state.requestLog;
  }

  /** How many GET /v1/models this simulator answered. */
  public long modelsRequests() {
    return state.modelsRequests.get();
  }

  /** Requests generating right now (streams in flight, for a streaming client). */
  public int activeRequests() {
    return state.tokens.running();
  }

  /** A copy of the token send lateness (write time minus due time), in microseconds. */
  public Histogram sendLatenessMicros() {
    return state.sendLatenessMicros.copy();
  }

  public void resetSendLateness() {
    state.sendLatenessMicros.reset();
  }

  /** The simulated GPUs' power model (GET /dcgm/metrics): its energy, power log and scrape times. */
  public GpuPower gpuPower() {
    return state.gpu;
  }

  /** The dcgm-exporter look-alike's URL. */
  public String dcgmMetricsUrl() {
    return baseUrl() + "/dcgm/metrics";
  }

  /** The current /metrics text (same as GET /metrics). */
  public String metricsText() {
    return state.metrics.render();
  }

  /**
   * Stops listening, closes every client connection (a request in flight ends as "cancelled" in the request
   * log, its client sees the connection close without [DONE]), then stops the event loops. The connections
   * are closed explicitly, while their event loops still run: an event loop that is shutting down closes its
   * channels too, but may drop their channelInactive, leaving a generation unlogged and counted as running.
   * Returns once the port is free again, so {@code start} on the same port may follow at once.
   */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    try {
      serverChannel.close().syncUninterruptibly();
      connections.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
    } finally {
      state.tokens.close();
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
