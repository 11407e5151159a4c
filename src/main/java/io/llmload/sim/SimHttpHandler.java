package io.llmload.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One per connection: routes each aggregated request to its endpoint. The arrival time of a completion request
 * is taken here, when the full body has been received.
 */
final class SimHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = Logger.getLogger(SimHttpHandler.class.getName());
  static final String VERSION = "0.11.0-sim";

  private final SimState sim;
  private Generation current;

  SimHttpHandler(SimState sim) {
    this.sim = sim;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    long arrival = System.nanoTime();
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    String path = new QueryStringDecoder(req.uri()).path();
    HttpMethod method = req.method();
    try {
      if (path.startsWith("/v1/") && !authorized(req)) {
        Responses.send(ctx, Responses.json(HttpResponseStatus.UNAUTHORIZED, "{\"error\":\"Unauthorized\"}"), keepAlive);
        return;
      }
      if (method.equals(HttpMethod.POST) && !json(req)) {
        throw new ApiError(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "BadRequestError",
            "Content-Type must be application/json.", null);
      }
      switch (path) {
        case "/v1/chat/completions", "/v1/completions" -> {
          if (!method.equals(HttpMethod.POST)) { methodNotAllowed(ctx, keepAlive); return; }
          String body = req.content().toString(StandardCharsets.UTF_8);
          ParsedRequest parsed = sim.parser.parse(path.equals("/v1/chat/completions"), body);
          long seq = sim.requestSeq.getAndIncrement();
          Generation g = new Generation(sim, ctx, parsed, seq, arrival, keepAlive);
          current = g;
          g.start();
        }
        case "/v1/models" -> {
          if (!method.equals(HttpMethod.GET)) { methodNotAllowed(ctx, keepAlive); return; }
          sim.modelsRequests.incrementAndGet();
          Responses.send(ctx, Responses.json(HttpResponseStatus.OK, modelsBody()), keepAlive);
        }
        case "/sim/stats" -> {
          QueryStringDecoder q = new QueryStringDecoder(req.uri());
          boolean reset = "true".equals(first(q, "reset"));
          if (reset && !method.equals(HttpMethod.POST)) {
            throw new ApiError(HttpResponseStatus.METHOD_NOT_ALLOWED, "BadRequestError",
                "reset changes state: POST /sim/stats?reset=true with Content-Type: application/json", null);
          }
          Responses.send(ctx, Responses.json(HttpResponseStatus.OK, SimStats.render(sim,
              !"false".equals(first(q, "requests")), reset)), keepAlive);
        }
        case "/health" -> Responses.send(ctx, Responses.of(HttpResponseStatus.OK, null, ""), keepAlive);
        case "/version" -> Responses.send(ctx, Responses.json(HttpResponseStatus.OK,
            "{\"version\":\"" + VERSION + "\"}"), keepAlive);
        case "/metrics" -> Responses.send(ctx, Responses.of(HttpResponseStatus.OK,
            "text/plain; version=0.0.4; charset=utf-8", sim.metrics.render()), keepAlive);
        case "/dcgm/metrics" -> {
          if (!method.equals(HttpMethod.GET) || sim.cfg.gpus() == 0) {
            Responses.send(ctx, Responses.json(HttpResponseStatus.NOT_FOUND, "{\"detail\":\"Not Found\"}"), keepAlive);
            return;
          }
          Responses.send(ctx, Responses.of(HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8",
              sim.gpu.render()), keepAlive);
        }
        case "/tokenize" -> {
          if (!method.equals(HttpMethod.POST)) { methodNotAllowed(ctx, keepAlive); return; }
          Responses.send(ctx, Responses.json(HttpResponseStatus.OK,
              TokenizeEndpoints.tokenize(sim, req.content().toString(StandardCharsets.UTF_8))), keepAlive);
        }
        case "/detokenize" -> {
          if (!method.equals(HttpMethod.POST)) { methodNotAllowed(ctx, keepAlive); return; }
          Responses.send(ctx, Responses.json(HttpResponseStatus.OK,
              TokenizeEndpoints.detokenize(req.content().toString(StandardCharsets.UTF_8))), keepAlive);
        }
        default -> Responses.send(ctx, Responses.json(HttpResponseStatus.NOT_FOUND, "{\"detail\":\"Not Found\"}"), keepAlive);
      }
    } catch (ApiError e) {
      sim.requestLog.add(new RequestRecord("-", arrival, 0, 0, "error", e.status.code(), false, -1, -1));
      Responses.send(ctx, Responses.json(e.status, e.body()), keepAlive);
    }
  }

  private boolean authorized(FullHttpRequest req) {
    String key = sim.cfg.apiKey();
    if (key == null) return true;
    String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
    if (auth == null || !auth.startsWith("Bearer ")) return false;
    return MessageDigest.isEqual(auth.substring(7).trim().getBytes(StandardCharsets.UTF_8),
        key.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A POST must say it is JSON: a web page can send a cross-origin text/plain POST without asking first (a
   * "simple request"), but not an application/json one, so a page open in a browser on the user's machine
   * cannot load or reset a simulator on localhost.
   */
  private static boolean json(FullHttpRequest req) {
    String type = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
    if (type == null) return false;
    int semicolon = type.indexOf(';');
    return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().equalsIgnoreCase("application/json");
  }

  private static String first(QueryStringDecoder q, String name) {
    var values = q.parameters().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static void methodNotAllowed(ChannelHandlerContext ctx, boolean keepAlive) {
    Responses.send(ctx, Responses.json(HttpResponseStatus.METHOD_NOT_ALLOWED, "{\"detail\":\"Method Not Allowed\"}"), keepAlive);
  }

  private String modelsBody() {
    ObjectNode root = RequestParser.MAPPER.createObjectNode();
    root.put("object", "list");
    ArrayNode data = root.putArray("data");
    ObjectNode m = data.addObject();
    m.put("id", sim.cfg.model());
    m.put("object", "model");
    m.put("created", System.currentTimeMillis() / 1000);
    m.put("owned_by", "vllm");
    m.put("root", sim.cfg.model());
    m.putNull("parent");
    m.put("max_model_len", sim.cfg.maxModelLen());
    m.putArray("permission");
    return root.toString();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (current != null) current.clientGone();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.log(Level.FINE, "connection error", cause);
    ctx.close();
  }

}
