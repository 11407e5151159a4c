package io.llmload.bench;

import io.llmload.cli.JavaClasspath;

/** The classpath and java launcher of this JVM, to start another JVM on it ({@link JavaClasspath}). */
final class Classpath {
  private Classpath() {
  }

  static String current() {
    return JavaClasspath.current();
  }

  /** The java launcher of this JVM. */
  static String java() {
    return JavaClasspath.java();
  }
}
