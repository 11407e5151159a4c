package io.llmload.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw socket exchange: sees exactly what the server wrote, including cut or stalled streams. */
final class RawHttp {
  /** What came back: the raw bytes as text, and whether the server closed the connection. */
  record Result(String raw, boolean closedByServer, long elapsedNanos) {
    int status() {
      return Integer.parseInt(raw.substring(9, 12));
    }

    boolean hasTerminatingChunk() {
      return raw.contains("\r\n0\r\n\r\n");
    }
  }

  private RawHttp() {}

  static Result post(int port, String path, String body, int readTimeoutMs) throws IOException {
    long t0 = System.nanoTime();
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(readTimeoutMs);
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      OutputStream out = s.getOutputStream();
      out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(b);
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream acc = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      boolean closed = false;
      try {
        int n;
        while ((n = in.read(buf)) >= 0) {
          acc.write(buf, 0, n);
          String sofar = acc.toString(StandardCharsets.UTF_8);
          // keep-alive: a complete response ends the exchange without a close
          if (sofar.contains("\r\n0\r\n\r\n") || completeFixedLength(sofar)) break;
        }
        closed = n < 0;
      } catch (SocketTimeoutException e) {
        closed = false;
      } catch (IOException e) {
        closed = true; // reset
      }
      return new Result(acc.toString(StandardCharsets.UTF_8), closed, System.nanoTime() - t0);
    }
  }

  private static boolean completeFixedLength(String sofar) {
    int headerEnd = sofar.indexOf("\r\n\r\n");
    if (headerEnd < 0) return false;
    String head = sofar.substring(0, headerEnd).toLowerCase();
    int i = head.indexOf("content-length:");
    if (i < 0) return false;
    int eol = head.indexOf("\r\n", i);
    int len = Integer.parseInt(head.substring(i + 15, eol < 0 ? head.length() : eol).trim());
    return sofar.getBytes(StandardCharsets.UTF_8).length - headerEnd - 4 >= len;
  }
}
