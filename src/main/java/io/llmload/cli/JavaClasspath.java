package io.llmload.cli;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The classpath this JVM runs the suite with, to start another JVM on it: the context class loader's URLs
 * when run by {@code exec:java} (Maven's own launcher is on java.class.path then), java.class.path otherwise
 * (Surefire sets it to the test classpath).
 */
public final class JavaClasspath {
  private JavaClasspath() {
  }

  public static String current() {
    Set<String> entries = new LinkedHashSet<>();
    for (ClassLoader cl = Thread.currentThread().getContextClassLoader(); cl != null; cl = cl.getParent()) {
      if (cl instanceof URLClassLoader urls) {
        for (URL url : urls.getURLs()) {
          try {
            entries.add(Path.of(url.toURI()).toString());
          } catch (URISyntaxException | IllegalArgumentException e) {
            entries.add(url.getPath());
          }
        }
      }
    }
    boolean hasSuite = entries.stream().anyMatch(e -> e.endsWith("classes") || e.endsWith("classes/"));
    return hasSuite ? String.join(File.pathSeparator, entries) : System.getProperty("java.class.path");
  }

  /** The java launcher of this JVM. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
