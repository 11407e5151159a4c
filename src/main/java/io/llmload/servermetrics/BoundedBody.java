package io.llmload.servermetrics;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read through a byte limit, for every plain-HTTP read of server text (the /metrics
 * scraper, the server probe, the refusal replay): a server can answer with gigabytes. Bytes past the
 * limit are not read: the subscription is cancelled (which closes the connection) and the body is
 * marked truncated. The JDK client sends no Accept-Encoding and does not inflate, so the limit is on
 * the bytes as they arrive.
 *
 * @param text      the first {@code maxBytes} bytes as UTF-8 (a character cut at the limit is replaced)
 * @param truncated the server sent more than {@code maxBytes} bytes
 */
public record BoundedBody(String text, boolean truncated) {

  /** A body handler that keeps at most {@code maxBytes} bytes of the body. */
  public static HttpResponse.BodyHandler<BoundedBody> handler(int maxBytes) {
    return info -> new Subscriber(maxBytes);
  }

  /** A body handler for a body that must be whole: more than {@code maxBytes} bytes fail the request with an IOException. */
  public static HttpResponse.BodyHandler<String> ofString(int maxBytes) {
    return info -> HttpResponse.BodySubscribers.mapping(new Subscriber(maxBytes), body -> {
      if (body.truncated()) {
        throw new java.io.UncheckedIOException(new java.io.IOException(
            "the response body exceeds " + maxBytes + " bytes"));
      }
      return body.text();
    });
  }

  private static final class Subscriber implements HttpResponse.BodySubscriber<BoundedBody> {
    private final int maxBytes;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<BoundedBody> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    Subscriber(int maxBytes) {
      this.maxBytes = maxBytes;
    }

    @Override
    public CompletionStage<BoundedBody> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer b : buffers) {
        int room = maxBytes - bytes.size();
        int n = Math.min(room, b.remaining());
        byte[] chunk = new byte[n];
        b.get(chunk);
        bytes.write(chunk, 0, n);
        if (b.hasRemaining()) {
          subscription.cancel();
          result.complete(new BoundedBody(bytes.toString(StandardCharsets.UTF_8), true));
          return;
        }
      }
      subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(new BoundedBody(bytes.toString(StandardCharsets.UTF_8), false));
    }
  }
}
