package io.llmload.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of a process: this JVM's from its MXBean, another's from /proc/&lt;pid&gt;/stat (Linux). */
final class ProcCpu {
  /** USER_HZ: the unit of utime and stime in /proc/&lt;pid&gt;/stat; 100 on every Linux this runs on. */
  private static final double TICKS_PER_SECOND = 100;

  private ProcCpu() {
  }

  /** User + system CPU seconds of this JVM so far (every thread: event loops, GC, JIT). */
  static double self() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
  }

  /**
   * This JVM's CPU split: [user s, system s, GC s, JIT s]. System time is the kernel's work for the process
   * (socket reads and writes, epoll); GC is the collectors' accumulated collection time, JIT the compilers'.
   */
  static double[] selfBreakdown() {
    double[] userSys = userSystem(ProcessHandle.current().pid());
    double gc = ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(b -> Math.max(0, b.getCollectionTime())).sum() / 1e3;
    var jit = ManagementFactory.getCompilationMXBean();
    return new double[] {userSys[0], userSys[1], gc, jit == null ? Double.NaN : jit.getTotalCompilationTime() / 1e3};
  }

  private static double[] userSystem(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // fields after the command name, which is in parentheses and may contain spaces
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // utime, stime: fields 14 and 15 of the line
      return new double[] {Long.parseLong(f[11]) / TICKS_PER_SECOND, Long.parseLong(f[12]) / TICKS_PER_SECOND};
    } catch (IOException | RuntimeException e) {
      return new double[] {Double.NaN, Double.NaN};
    }
  }

  /** User + system CPU seconds of a live process, or NaN when it is gone or /proc is absent. */
  static double seconds(long pid) {
    double[] userSys = userSystem(pid);
    return userSys[0] + userSys[1];
  }
}
