package io.llmload.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** One line naming the machine a benchmark ran on: cores, CPU model, JDK, load average. */
final class Machine {
  private Machine() {
  }

  static String describe() {
    String model = "unknown CPU";
    try {
      model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(model);
    } catch (Exception e) {
      // not Linux
    }
    String load = "";
    try {
      load = ", load average " + Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0];
    } catch (Exception e) {
      // not Linux
    }
    return Runtime.getRuntime().availableProcessors() + " cores, " + model + ", JDK " + System.getProperty("java.version")
        + load;
  }
}
