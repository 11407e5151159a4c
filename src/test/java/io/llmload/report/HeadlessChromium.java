package io.llmload.report;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs /usr/bin/chromium headless on a local file, with no network features, a fresh profile, and a
 * hard time limit after which the browser and all its child processes are killed.
 */
final class HeadlessChromium {
  static final Path BINARY = Path.of("/usr/bin/chromium");
  /** Generous: the box has two cores shared with other builds; a normal render takes a few seconds. */
  static final long TIMEOUT_S = 120;

  private HeadlessChromium() {
  }

  static void requireInstalled() {
    if (!Files.isExecutable(BINARY)) {
      fail("headless Chromium is required to check llm-report.html renders: install the Debian package "
          + "`chromium` (apt-get install -y chromium); .ci/run installs it in CI");
    }
  }

  /** The DOM after the page's scripts ran (virtual time budget 5 s), as chromium --dump-dom prints it. */
  static String dumpDom(Path html) throws IOException, InterruptedException {
    Path out = Files.createTempFile("dom", ".html");
    try {
      run(html, out, List.of("--virtual-time-budget=5000", "--dump-dom"));
      return Files.readString(out, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  static void screenshot(Path html, Path png, int width, int height) throws IOException, InterruptedException {
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.deleteIfExists(png);
    run(html, null, List.of("--virtual-time-budget=5000", "--hide-scrollbars",
        "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height));
  }

  private static void run(Path html, Path stdout, List<String> extra) throws IOException, InterruptedException {
    requireInstalled();
    Path profile = Files.createTempDirectory("chromium-profile");
    Path log = Files.createTempFile("chromium", ".log");
    List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile));
    cmd.addAll(extra);
    cmd.add(html.toAbsolutePath().toUri().toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile())
        .redirectOutput(stdout == null ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(stdout.toFile()));
    Process p = pb.start();
    try {
      if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
        kill(p); // children first, while they are still known as the browser's descendants
        fail("chromium did not finish within " + TIMEOUT_S + " s; log:\n" + tail(log));
      }
      if (p.exitValue() != 0) {
        fail("chromium exited with " + p.exitValue() + "; log:\n" + tail(log));
      }
    } finally {
      kill(p);
      p.waitFor(10, TimeUnit.SECONDS);
      deleteTree(profile);
      Files.deleteIfExists(log);
    }
  }

  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  private static String tail(Path log) throws IOException {
    String s = Files.readString(log, StandardCharsets.UTF_8);
    return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // chromium may still be writing into its profile for a moment after being killed; temp dir, ignore
    }
  }
}
