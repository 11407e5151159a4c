package io.llmload.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/** Live heap of this JVM: a full GC, then the heap in use (what the JVM retains, not the garbage in flight). */
final class HeapProbe {
  private HeapProbe() {
  }

  /** Bytes in use right after a full GC (System.gc(): a stop-the-world pause of this JVM, tens of ms). */
  static long liveBytes() {
    System.gc();
    long used = 0;
    for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        used += pool.getUsage().getUsed();
      }
    }
    return used;
  }

  /** Resident set size of this process (heap, metaspace, thread stacks, direct buffers), or -1 off Linux. */
  static long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
