package io.llmload.gatling;

/** Versions recorded in every run's summary, so archived runs say what produced them. */
final class Versions {
  private Versions() {
  }

  static String suite() {
    String v = Versions.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  static String gatling() {
    String v = io.gatling.javaapi.core.Simulation.class.getPackage().getImplementationVersion();
    return v == null ? "3.15.1" : v;
  }
}
