package io.llmload.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A closed-loop load on a {@link BatchScheduler} in virtual time: {@code concurrency} users, each sending its next
 * request the moment the previous one finished. Deterministic and fast (no threads, no wall clock).
 */
final class VirtualLoad {
  record Result(int concurrency, double ttftP50Ms, double tpotP50Ms, double itlP50Ms, double outputTokPerS,
          double queueP50Ms, long preemptions, int maxWaiting, double maxKvUsage, long prefixHits) {
    @Override
    public String toString() {
      return String.format("c=%-4d TTFT p50 %8.1f ms  TPOT p50 %6.1f ms  ITL p50 %6.1f ms  %7.0f tok/s  queue p50 %8.1f ms"
              + "  preempt %d  maxWaiting %d  maxKV %.2f",
          concurrency, ttftP50Ms, tpotP50Ms, itlP50Ms, outputTokPerS, queueP50Ms, preemptions, maxWaiting, maxKvUsage);
    }
  }

  private static final class Req {
    long arrival;
    long scheduled = -1;
    long first = -1;
    long last = -1;
    int tokens;
    final List<Long> gaps = new ArrayList<>();
  }

  private VirtualLoad() {}

  /**
   * @param outputTokens mean output length (each request draws uniformly within +-50%)
   * @param sharedPrefix tokens every prompt starts with (for prefix-cache tests), 0 for none
   */
  static Result run(BatchScheduler s, int concurrency, int promptTokens, int outputTokens, int requestsPerUser,
            int sharedPrefix, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Req> done = new ArrayList<>();
    int[] remaining = {concurrency * requestsPerUser};
    java.util.PriorityQueue<SeqRequest> pending = new java.util.PriorityQueue<>(
        java.util.Comparator.comparingLong(r -> ((Req) r.owner).arrival));
    long now = 0;
    for (int u = 0; u < concurrency; u++) submit(pending, rnd, promptTokens, outputTokens, sharedPrefix, now, remaining);
    int maxWaiting = 0;
    double maxKv = 0;
    long steps = 0;
    while (s.hasWork() || !pending.isEmpty()) {
      if (++steps > 50_000_000L) throw new IllegalStateException("virtual load does not finish");
      if (!s.hasWork() && ((Req) pending.peek().owner).arrival > now) now = ((Req) pending.peek().owner).arrival;
      while (!pending.isEmpty() && ((Req) pending.peek().owner).arrival <= now) s.add(pending.poll());
      maxWaiting = Math.max(maxWaiting, s.waiting());
      BatchScheduler.StepResult step = s.step();
      maxKv = Math.max(maxKv, s.kvUsage());
      long start = now;
      now += step.durationNanos;
      for (SeqRequest r : step.firstScheduled) ((Req) r.owner).scheduled = Math.max(start, ((Req) r.owner).arrival);
      for (SeqRequest r : step.emitted) {
        Req q = (Req) r.owner;
        if (q.first < 0) q.first = now;
        else q.gaps.add(now - q.last);
        q.last = now;
        q.tokens++;
        if (r.finished) {
          done.add(q);
          // client turnaround: the user's next request arrives 0-20 ms later, i.e. mostly mid-step
          submit(pending, rnd, promptTokens, outputTokens, sharedPrefix, now + rnd.nextLong(20_000_000L), remaining);
        }
      }
    }
    // skip the first 2 x concurrency requests (synchronized start), as benchmarks warm up
    List<Req> measured = done.size() > 4 * concurrency ? done.subList(2 * concurrency, done.size()) : done;
    double[] ttft = measured.stream().mapToDouble(q -> (q.first - q.arrival) / 1e6).toArray();
    double[] tpot = measured.stream().filter(q -> q.tokens > 1).mapToDouble(q -> (q.last - q.first) / 1e6 / (q.tokens - 1)).toArray();
    double[] queue = measured.stream().mapToDouble(q -> (q.scheduled - q.arrival) / 1e6).toArray();
    double[] itl = measured.stream().flatMap(q -> q.gaps.stream()).mapToDouble(g -> g / 1e6).toArray();
    long t0 = measured.stream().mapToLong(q -> q.arrival).min().orElse(0);
    long t1 = measured.stream().mapToLong(q -> q.last).max().orElse(1);
    long tokens = measured.stream().mapToLong(q -> q.tokens).sum();
    return new Result(concurrency, p50(ttft), p50(tpot), p50(itl), tokens / ((t1 - t0) / 1e9), p50(queue),
        s.preemptionsTotal, maxWaiting, maxKv, s.prefixHitsTotal);
  }

  private static void submit(java.util.Queue<SeqRequest> s, SplittableRandom rnd, int promptTokens, int outputTokens, int sharedPrefix,
                 long now, int[] remaining) {
    if (remaining[0] <= 0) return;
    remaining[0]--;
    int[] prompt = new int[promptTokens];
    for (int i = 0; i < promptTokens; i++) prompt[i] = i < sharedPrefix ? 1000 + i : rnd.nextInt(100_000);
    Req q = new Req();
    q.arrival = now;
    // output lengths vary +-50% around the mean, as real chat outputs do: keeps the users from running in lockstep
    int out = Math.max(1, (int) Math.round(outputTokens * (0.5 + rnd.nextDouble())));
    s.add(new SeqRequest(prompt, out, q));
  }

  static double p50(double[] v) {
    if (v.length == 0) return Double.NaN;
    double[] c = v.clone();
    Arrays.sort(c);
    return c[(c.length - 1) / 2];
  }
}
