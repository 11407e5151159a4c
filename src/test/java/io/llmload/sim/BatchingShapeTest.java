package io.llmload.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model's shape, on virtual time (deterministic, no wall clock). */
class BatchingShapeTest {

  private static BatchScheduler scheduler(Profile p, long kvTokens) {
    return new BatchScheduler(p, p.maxNumSeqs(), p.maxNumBatchedTokens(), kvTokens);
  }

  @Test
  void ttftAndItlRiseWithLoadAndThroughputRisesThenFlattens() {
    Profile p = Profile.named(Profile.DEFAULT);
    List<VirtualLoad.Result> rs = new ArrayList<>();
    for (int c : new int[] {1, 16, 64, 256}) {
      VirtualLoad.Result r = VirtualLoad.run(scheduler(p, p.kvCacheTokens()), c, 512, 256, c >= 64 ? 4 : 12, 0, 7);
      System.out.println(r);
      rs.add(r);
    }
    for (int i = 1; i < rs.size(); i++) {
      assertThat(rs.get(i).ttftP50Ms()).as("TTFT rises, c=%d", rs.get(i).concurrency()).isGreaterThan(rs.get(i - 1).ttftP50Ms());
      assertThat(rs.get(i).itlP50Ms()).as("ITL rises, c=%d", rs.get(i).concurrency()).isGreaterThanOrEqualTo(rs.get(i - 1).itlP50Ms());
    }
    assertThat(rs.get(3).itlP50Ms()).isGreaterThan(3 * rs.get(0).itlP50Ms());
    double t1 = rs.get(0).outputTokPerS(), t16 = rs.get(1).outputTokPerS(), t64 = rs.get(2).outputTokPerS(),
        t256 = rs.get(3).outputTokPerS();
    assertThat(t16).as("throughput rises").isGreaterThan(5 * t1);
    assertThat(t64).isGreaterThan(t16);
    assertThat(t256 / t64).as("then flattens: 4x the users, < 1.3x the tokens").isLessThan(1.3).isGreaterThan(0.7);
    // 256 users against max_num_seqs 256 plus arrivals mid-step: some requests queue
    assertThat(rs.get(3).queueP50Ms()).isGreaterThan(rs.get(0).queueP50Ms());
  }

  @Test
  void aSmallKvCacheMakesRequestsWaitAndCountsPreemptions() {
    Profile p = Profile.named(Profile.LLAMA_8B_H100);
    // 4096 tokens = 256 blocks; 32 users x (512 prompt + ~256 output) tokens need ~1500 blocks
    VirtualLoad.Result r = VirtualLoad.run(scheduler(p, 4096), 32, 512, 256, 3, 0, 3);
    System.out.println(r);
    assertThat(r.maxWaiting()).isGreaterThan(16);
    assertThat(r.preemptions()).isPositive();
    assertThat(r.maxKvUsage()).isGreaterThan(0.9);
    VirtualLoad.Result big = VirtualLoad.run(scheduler(p, p.kvCacheTokens()), 32, 512, 256, 3, 0, 3);
    assertThat(big.preemptions()).isZero();
    assertThat(r.ttftP50Ms()).isGreaterThan(big.ttftP50Ms());
  }

  @Test
  void prefixCacheHitsCountAsComputed() {
    Profile p = Profile.named(Profile.LLAMA_8B_H100);
    VirtualLoad.Result shared = VirtualLoad.run(scheduler(p, p.kvCacheTokens()), 4, 2048, 32, 5, 2000, 1);
    VirtualLoad.Result distinct = VirtualLoad.run(scheduler(p, p.kvCacheTokens()), 4, 2048, 32, 5, 0, 1);
    assertThat(distinct.prefixHits()).isZero();
    // 20 requests, all but the first few hit the 2000-token prefix (125 full blocks)
    assertThat(shared.prefixHits()).isGreaterThanOrEqualTo(15L * 125 * 16);
    assertThat(shared.ttftP50Ms()).isLessThan(distinct.ttftP50Ms() / 2);
  }

  @Test
  void chunkedPrefillRespectsTheTokenBudgetAndDecodesKeepGoing() {
    Profile p = Profile.named(Profile.LLAMA_8B_H100);
    BatchScheduler s = new BatchScheduler(p, 8, 1000, 1_000_000);
    SeqRequest small = new SeqRequest(new int[10], 100, "small");
    s.add(small);
    s.step(); // prefill of the small one, first token
    assertThat(small.generated).isEqualTo(1);
    SeqRequest big = new SeqRequest(new int[3500], 5, "big");
    s.add(big);
    int steps = 0;
    while (big.generated == 0) {
      BatchScheduler.StepResult r = s.step();
      assertThat(r.prefillTokens + r.decodeTokens).isLessThanOrEqualTo(1000);
      assertThat(r.decodeTokens).isEqualTo(1); // the small request decodes in every step
      steps++;
    }
    assertThat(steps).isEqualTo(4); // 999 + 999 + 999 + 503 prefill tokens
    assertThat(small.generated).isEqualTo(1 + 4);
  }

  @Test
  void maxNumSeqsLimitsTheBatch() {
    Profile p = Profile.named(Profile.LLAMA_8B_H100);
    BatchScheduler s = new BatchScheduler(p, 2, 8192, 1_000_000);
    for (int i = 0; i < 5; i++) s.add(new SeqRequest(new int[20], 3, i));
    s.step();
    assertThat(s.running()).isEqualTo(2);
    assertThat(s.waiting()).isEqualTo(3);
  }

  @Test
  void theLlamaProfileLandsNearThePublishedNumbers() {
    Profile p = Profile.named(Profile.LLAMA_8B_H100);
    double[] tpot = {6.5, 6.6, 10.9, 46.9};
    double[] ttft = {14, 23, 42, 87};
    int[] cs = {1, 4, 16, 64};
    for (int i = 0; i < cs.length; i++) {
      VirtualLoad.Result r = VirtualLoad.run(scheduler(p, p.kvCacheTokens()), cs[i], 256, 256, cs[i] >= 64 ? 6 : 12, 0, 1);
      System.out.println(r + "   published: TTFT " + ttft[i] + " TPOT " + tpot[i]);
      assertThat(r.tpotP50Ms()).as("TPOT c=%d", cs[i]).isBetween(tpot[i] * 0.75, tpot[i] * 1.25);
      assertThat(r.ttftP50Ms()).as("TTFT c=%d", cs[i]).isBetween(ttft[i] * 0.6, ttft[i] * 1.4);
    }
  }
}
