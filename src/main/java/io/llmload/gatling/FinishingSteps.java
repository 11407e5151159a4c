package io.llmload.gatling;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The steps at the end of a run, each run on its own: a step that throws is printed and remembered, and
 * the next steps still run, so a failed summary does not cost the report or the archive. {@link #failure()}
 * names every step that failed, for the run to fail on at the very end.
 */
final class FinishingSteps {
  private final List<String> failed = new ArrayList<>();

  /** Runs {@code step}; returns its result, or null when it failed. */
  synchronized <T> T run(String name, Supplier<T> step) {
    try {
      return step.get();
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError vm) {
        throw vm;
      }
      failed.add(name + " (" + e + ")");
      System.out.println("LLM: a finishing step failed: " + name + ": " + e);
      return null;
    }
  }

  void run(String name, Runnable step) {
    run(name, () -> {
      step.run();
      return Boolean.TRUE;
    });
  }

  /** Records a step that could not run (what it needs failed before it). */
  synchronized void skipped(String name, String because) {
    failed.add(name + " (skipped: " + because + ")");
    System.out.println("LLM: a finishing step was skipped: " + name + ": " + because);
  }

  synchronized boolean anyFailed() {
    return !failed.isEmpty();
  }

  /** "The end of the run failed: …", naming each failed step; null when none failed. */
  synchronized String failure() {
    return failed.isEmpty() ? null : "LLM: the end of the run failed: " + String.join("; ", failed);
  }
}
