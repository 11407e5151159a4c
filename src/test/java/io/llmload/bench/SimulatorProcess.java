package io.llmload.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The vLLM simulator in its own JVM on 127.0.0.1, so a benchmark can charge CPU and heap to the client and the
 * server separately (and the server's GC never pauses the client). Started with {@code sim.*} properties;
 * its console goes to a log file.
 */
final class SimulatorProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:(\\d+))");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Process process;
  private final String baseUrl;
  private final int port;

  private SimulatorProcess(Process process, String baseUrl, int port) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.port = port;
  }

  /**
   * @param simProperties sim.* settings (sim.port 0 = a free port)
   * @param cpus          a taskset CPU list to pin the server to (e.g. "1"), or null
   * @param log           where the simulator's console goes
   */
  static SimulatorProcess start(Map<String, String> simProperties, String heap, String cpus, Path log) {
    List<String> cmd = new ArrayList<>();
    if (cpus != null) {
      cmd.addAll(List.of("taskset", "-c", cpus));
    }
    cmd.add(Classpath.java());
    cmd.add("-Xmx" + heap);
    cmd.add("-cp");
    cmd.add(Classpath.current());
    simProperties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    if (!simProperties.containsKey("sim.port")) {
      cmd.add("-Dsim.port=0");
    }
    cmd.add("io.llmload.sim.SimulatorMain");
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      var writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
      CompletableFuture<Matcher> listening = new CompletableFuture<>();
      Thread pump = new Thread(() -> {
        try (writer) {
          for (String line; (line = out.readLine()) != null; ) {
            writer.write(line);
            writer.newLine();
            writer.flush();
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
              listening.complete(m);
            }
          }
        } catch (IOException e) {
          listening.completeExceptionally(e);
        }
        listening.completeExceptionally(new IllegalStateException("the simulator exited; see " + log));
      }, "sim-process-output");
      pump.setDaemon(true);
      pump.start();
      try {
        Matcher m = listening.get(120, TimeUnit.SECONDS);
        // a benchmark stopped with Ctrl-C (or killed) must not leave its server running
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "sim-process-stop"));
        return new SimulatorProcess(p, m.group(1), Integer.parseInt(m.group(2)));
      } catch (Exception e) {
        p.destroyForcibly();
        throw new IllegalStateException("the simulator did not start within 120 s (" + e.getMessage() + "); see " + log, e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String baseUrl() {
    return baseUrl;
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /** CPU seconds (user + system) the simulator process used so far, from /proc. */
  double cpuSeconds() {
    return ProcCpu.seconds(process.pid());
  }

  /** GET /sim/stats, or POST with reset (a reset changes state; see io.llmload.sim.SimStats). */
  JsonNode stats(boolean requests, boolean reset) {
    try {
      HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + "/sim/stats?requests=" + requests
          + (reset ? "&reset=true" : ""))).timeout(Duration.ofSeconds(60));
      HttpRequest req = reset
          ? builder.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build()
          : builder.GET().build();
      return JSON.readTree(HTTP.send(req, HttpResponse.BodyHandlers.ofString()).body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops the server (its shutdown hook closes it cleanly); kills it after 10 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
