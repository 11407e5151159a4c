package io.llmload.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmload.gatling.GatlingInternals;
import io.llmload.metrics.ClientPause;
import io.llmload.run.CallRow;
import io.llmload.run.RunFolder;
import io.llmload.sim.SimConfig;
import io.llmload.sim.SimMode;
import io.llmload.sim.VllmSimulator;
import io.llmload.simulations.SmokeSimulation;
import io.llmload.testing.CallsFile;
import io.llmload.testing.GatlingRunner;
import io.llmload.testing.Slow;
import io.netty.util.concurrent.EventExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deliberate stop of the client while measured calls stream (every Gatling event loop blocked for
 * {@link #BLOCK_MS} ms, as a long GC would stop them) against the simulator's fixed schedule: the run records
 * a pause covering the stop, and its summary warns, naming the affected calls and their count; every call
 * with a token event stamped inside the stop is marked in llm-calls.csv (client_pause_ms) with at least the
 * stop's length.
 */
@Slow
class InjectedClientPauseTest {
  private static final int USERS = 8;
  private static final int WARMUP_CALLS = 5;
  private static final long BLOCK_MS = 300;

  @Test
  void aStopOfTheClientDuringMeasuredCallsWarnsNamingTheCalls(@TempDir Path tmp) throws Exception {
    SimConfig sim = SimConfig.builder().mode(SimMode.FIXED).ttftMs(100).itlMs(10).port(0).build();
    try (VllmSimulator server = VllmSimulator.start(sim)) {
      Map<String, String> props = new HashMap<>();
      props.put("llm.baseUrl", server.baseUrl());
      props.put("llm.users", Integer.toString(USERS));
      props.put("llm.rampSeconds", "0");
      props.put("llm.agentMix", "0");
      props.put("llm.input.min", "100");
      props.put("llm.input.max", "100");
      props.put("llm.output.min", "300");
      props.put("llm.output.max", "300");
      props.put("llm.warmupCalls", Integer.toString(WARMUP_CALLS));
      props.put("llm.warmupPerUser", "true");
      props.put("llm.outputDir", tmp.resolve("runs").toString());
      props.put("llm.label", "pause");
      // each loop's stop, [start, end] on Gatling's clock
      List<long[]> blocks = new java.util.concurrent.CopyOnWriteArrayList<>();
      // once every warm-up call has ended and every measured call streams (each lasts about 3.1 s), stop
      // every event loop of the run at once
      CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (server.requestLog().size() < WARMUP_CALLS + USERS || server.activeRequests() < USERS) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the measured calls never all streamed at once");
          }
          LockSupport.parkNanos(1_000_000L);
        }
        List<CompletableFuture<Void>> stopped = new ArrayList<>();
        for (EventExecutor loop : GatlingInternals.eventLoops()) {
          stopped.add(CompletableFuture.runAsync(() -> {
            long start = GatlingInternals.nowMillis();
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BLOCK_MS);
            while (System.nanoTime() < until) {
              LockSupport.parkNanos(until - System.nanoTime());
            }
            blocks.add(new long[] {start, GatlingInternals.nowMillis()});
          }, loop));
        }
        CompletableFuture.allOf(stopped.toArray(CompletableFuture[]::new)).join();
      });
      int exit = GatlingRunner.run(SmokeSimulation.class, props, tmp.resolve("gatling"), false);
      stop.get(10, TimeUnit.SECONDS);
      assertThat(exit).isZero();

      Path run = CallsFile.onlyRunDir(tmp.resolve("runs"));
      List<CallRow> calls = RunFolder.open(run).calls();
      assertThat(calls).hasSize(USERS).allSatisfy(c -> assertThat(c.ok()).isTrue());
      List<ClientPause> pauses = RunFolder.open(run).clientPauses();
      // each loop's pause covering the stop: from before it began to the late probe's run, which comes after
      // the loop stamped what arrived during the stop
      List<ClientPause> covering = new ArrayList<>();
      for (long[] b : blocks) {
        List<ClientPause> over = pauses.stream().filter(p -> p.startMs() <= b[0] && p.endMs() >= b[1]).toList();
        assertThat(over).as("a recorded pause covers the stop %s..%s: %s", b[0], b[1], pauses).isNotEmpty()
            .allSatisfy(p -> assertThat(p.lengthMs()).isGreaterThanOrEqualTo(BLOCK_MS));
        covering.addAll(over);
      }

      // the calls with a token event stamped inside such a pause, from llm-calls.csv and llm-itl.csv
      Map<Long, double[]> itl = CallsFile.itl(run);
      List<Long> stamped = new ArrayList<>();
      for (CallRow c : calls) {
        double stamp = c.startMs() + c.ttftMs();
        boolean inside = inAny(covering, stamp);
        for (double gap : itl.get(c.callId())) {
          stamp += gap;
          inside |= inAny(covering, stamp);
        }
        if (inside) {
          stamped.add(c.callId());
          assertThat(c.clientPauseMs()).as("call %d: client_pause_ms", c.callId()).isNotNull()
              .isGreaterThanOrEqualTo((double) BLOCK_MS);
        }
      }
      assertThat(stamped).as("every measured call streamed through the stop").hasSize(USERS);
      // every token event held by any recorded pause, as the summary must count them
      long tokenEvents = 0;
      long held = 0;
      for (CallRow c : calls) {
        double stamp = c.startMs() + c.ttftMs();
        double[] gaps = itl.get(c.callId());
        for (int i = -1; i < gaps.length; i++) {
          stamp += i < 0 ? 0 : gaps[i];
          tokenEvents++;
          held += inAny(pauses, stamp) ? 1 : 0;
        }
      }
      List<Long> marked = calls.stream().filter(c -> c.clientPauseMs() != null).map(CallRow::callId).toList();

      JsonNode health = new ObjectMapper().readTree(run.resolve("llm-summary.json").toFile()).path("client_health");
      assertThat(health.path("pauses").path("calls_in_pause").asLong()).isEqualTo(marked.size());
      assertThat(health.path("pauses").path("token_events_in_pause").asLong()).isEqualTo(held);
      List<String> warnings = new ArrayList<>();
      health.path("warnings").forEach(w -> warnings.add(w.asText()));
      String names = String.join(", ", marked.stream().sorted().map(String::valueOf).toList());
      System.out.printf("injected pause: stop %d ms of %d loops; %d calls marked; warnings %s%n", BLOCK_MS, blocks.size(),
          marked.size(), warnings);
      String heldText = held + " of " + tokenEvents + " token events (";
      assertThat(warnings).as("the warning names the calls and their count").anySatisfy(w -> assertThat(w)
          .contains("the " + marked.size() + " calls: " + names + " (llm-calls.csv column client_pause_ms)")
          .contains(heldText)
          .containsPattern("token events \\(\\d+ calls: ITL, E2E\\) by up to \\d+(\\.\\d)? ms"));
    }
  }

  private static boolean inAny(List<ClientPause> pauses, double stamp) {
    return pauses.stream().anyMatch(p -> p.contains(stamp));
  }
}
