package io.llmload.bench;

import io.llmload.testing.CallsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs injectors of the suite, each in its own JVM ({@link SuiteRunMain}: SmokeSimulation with the given llm.*
 * properties), all started together and awaited with a time limit; with N > 1 each is shard I/N of one run.
 */
final class Injectors {
  private Injectors() {
  }

  /** What one injector left: its exit code, CPU seconds and run folder. */
  record Injector(int exit, double cpuSeconds, Path runDir, Path log) {
  }

  /**
   * @param n     the number of injectors (1: one injector, no llm.shard)
   * @param cpus  per injector, a taskset CPU list to pin it to, or null entries for none
   * @param limit seconds after which every injector still running is killed (and the call fails)
   */
  static List<Injector> run(int n, Map<String, String> properties, String runId, String heap, List<String> cpus, Path dir,
      long limit) throws Exception {
    List<Process> processes = new ArrayList<>();
    List<Path> dirs = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        Path mine = dir.resolve(n == 1 ? "single" : "shard" + i);
        Files.createDirectories(mine);
        List<String> cmd = new ArrayList<>();
        String cpu = cpus == null ? null : cpus.get(i % cpus.size());
        if (cpu != null) {
          cmd.addAll(List.of("taskset", "-c", cpu));
        }
        cmd.addAll(List.of(Classpath.java(), "-Xmx" + heap, "--add-opens=java.base/java.lang=ALL-UNNAMED", "-cp",
            Classpath.current()));
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-Dllm.outputDir=" + mine.resolve("runs"));
        cmd.add("-Dllm.archive=false");
        if (n > 1) {
          cmd.add("-Dllm.shard=" + i + "/" + n);
          cmd.add("-Dllm.runId=" + runId);
        }
        cmd.add(SuiteRunMain.class.getName());
        cmd.add(mine.resolve("gatling").toString());
        cmd.add(mine.resolve("cpu.txt").toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(mine.resolve("injector.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("LLM_") || k.equals("OPENAI_API_KEY"));
        processes.add(pb.start());
        dirs.add(mine);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limit);
      List<Injector> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Process p = processes.get(i);
        long left = Math.max(1, deadline - System.nanoTime());
        if (!p.waitFor(left, TimeUnit.NANOSECONDS)) {
          throw new IllegalStateException("injector " + i + " did not finish in " + limit + " s; see "
              + dirs.get(i).resolve("injector.log"));
        }
        Path cpuFile = dirs.get(i).resolve("cpu.txt");
        double cpu = Files.isRegularFile(cpuFile) ? Double.parseDouble(Files.readString(cpuFile).trim()) : Double.NaN;
        Path runDir = p.exitValue() == 0 ? CallsFile.onlyRunDir(dirs.get(i).resolve("runs")) : null;
        out.add(new Injector(p.exitValue(), cpu, runDir, dirs.get(i).resolve("injector.log")));
      }
      return out;
    } finally {
      for (Process p : processes) {
        if (p.isAlive()) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  static String log(Injector i) {
    try {
      String s = Files.readString(i.log());
      return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
