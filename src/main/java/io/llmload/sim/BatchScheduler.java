package io.llmload.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * vLLM V1's scheduler loop without threads or clocks: each {@link #step()} serves every running request
 * (decodes, then unfinished prefill chunks) within max_num_batched_tokens, preempting the newest running request
 * (recompute) when KV blocks run out; then, if nothing was preempted, admits waiting requests first-come-first-
 * served while sequences, tokens and free KV blocks allow, counting prefix-cache hits as already computed and
 * chunking long prompts. The step's duration comes from the profile's step-time model.
 */
final class BatchScheduler {
  /** What one step did. Times are relative: the caller places the step on its clock. */
  static final class StepResult {
    long durationNanos;
    long prefillTokens;
    long decodeTokens;
    long contextTokens;
    int preemptions;
    final List<SeqRequest> firstScheduled = new ArrayList<>();
    /** Requests that produced one token at the end of this step, in batch order. */
    final List<SeqRequest> emitted = new ArrayList<>();
  }

  private final Profile profile;
  private final int maxNumSeqs;
  private final int maxNumBatchedTokens;
  private final KvCache kv;
  private final ArrayDeque<SeqRequest> waiting = new ArrayDeque<>();
  private final ArrayList<SeqRequest> running = new ArrayList<>();

  long preemptionsTotal;
  long prefixQueriesTotal;
  long prefixHitsTotal;
  long stepsTotal;

  BatchScheduler(Profile profile, int maxNumSeqs, int maxNumBatchedTokens, long kvCacheTokens) {
    this.profile = profile;
    this.maxNumSeqs = maxNumSeqs;
    this.maxNumBatchedTokens = maxNumBatchedTokens;
    this.kv = new KvCache(kvCacheTokens);
  }

  static BatchScheduler of(SimConfig cfg) {
    return new BatchScheduler(cfg.profile(), cfg.maxNumSeqs(), cfg.maxNumBatchedTokens(), cfg.kvCacheTokens());
  }

  void add(SeqRequest r) {
    waiting.addLast(r);
  }

  /** Removes a request wherever it is and frees its blocks. */
  void abort(SeqRequest r) {
    if (r.finished || r.aborted) return;
    r.aborted = true;
    if (!running.remove(r)) waiting.remove(r);
    kv.free(r.blocks);
  }

  boolean hasWork() {
    return !running.isEmpty() || !waiting.isEmpty();
  }

  int running() {
    return running.size();
  }

  int waiting() {
    return waiting.size();
  }

  double kvUsage() {
    return kv.usage();
  }

  StepResult step() {
    StepResult res = new StepResult();
    List<SeqRequest> batch = new ArrayList<>();
    List<Integer> newTokens = new ArrayList<>();
    int budget = maxNumBatchedTokens;

    for (int i = 0; i < running.size() && budget > 0; ) {
      SeqRequest r = running.get(i);
      int numNew = Math.min(r.totalTokens() - r.numComputed, budget);
      int need = KvCache.blocksFor((long) r.numComputed + numNew) - r.blocks.size();
      boolean selfPreempted = false;
      while (need > kv.freeBlocks()) {
        SeqRequest victim = running.remove(running.size() - 1);
        preempt(victim);
        res.preemptions++;
        if (victim == r) {
          selfPreempted = true;
          break;
        }
      }
      if (selfPreempted) break;
      allocate(r, need);
      batch.add(r);
      newTokens.add(numNew);
      budget -= numNew;
      i++;
    }

    if (res.preemptions == 0) {
      while (!waiting.isEmpty() && budget > 0 && running.size() < maxNumSeqs) {
        SeqRequest r = waiting.peekFirst();
        List<KvCache.Block> hits = List.of();
        if (r.numComputed == 0) {
          // the last token is always recomputed: it must produce logits
          hits = kv.lookup(r.blockHashes, (r.totalTokens() - 1) / KvCache.BLOCK_SIZE);
        }
        int computed = hits.size() * KvCache.BLOCK_SIZE;
        int numNew = Math.min(r.totalTokens() - computed, budget);
        int need = KvCache.blocksFor((long) computed + numNew) - hits.size();
        if (need > kv.freeBlocks() - KvCache.countFree(hits)) break;
        waiting.pollFirst();
        kv.touch(hits);
        r.blocks.addAll(hits);
        r.committedBlocks = hits.size();
        r.numComputed = computed;
        allocate(r, need);
        prefixQueriesTotal += r.totalTokens();
        prefixHitsTotal += computed;
        if (!r.everScheduled) {
          r.everScheduled = true;
          res.firstScheduled.add(r);
        }
        running.add(r);
        batch.add(r);
        newTokens.add(numNew);
        budget -= numNew;
      }
    }
    preemptionsTotal += res.preemptions;

    for (int i = 0; i < batch.size(); i++) {
      SeqRequest r = batch.get(i);
      int numNew = newTokens.get(i);
      if (r.isDecoding()) res.decodeTokens += numNew;
      else res.prefillTokens += numNew;
      res.contextTokens += r.numComputed + numNew;
    }
    res.durationNanos = batch.isEmpty() ? 0 : Math.round(profile.stepMillis(res.prefillTokens, res.decodeTokens, res.contextTokens) * 1e6);

    boolean anyFinished = false;
    for (int i = 0; i < batch.size(); i++) {
      SeqRequest r = batch.get(i);
      r.numComputed += newTokens.get(i);
      int fullPromptBlocks = Math.min(r.numComputed, r.promptLength) / KvCache.BLOCK_SIZE;
      while (r.committedBlocks < fullPromptBlocks) {
        kv.commit(r.blocks.get(r.committedBlocks), r.blockHashes[r.committedBlocks]);
        r.committedBlocks++;
      }
      if (r.numComputed == r.totalTokens()) {
        r.generated++;
        res.emitted.add(r);
        if (r.generated >= r.outputTarget) {
          r.finished = true;
          anyFinished = true;
          kv.free(r.blocks);
        }
      }
    }
    if (anyFinished) running.removeIf(r -> r.finished);
    stepsTotal++;
    return res;
  }

  private void allocate(SeqRequest r, int need) {
    for (int k = 0; k < need; k++) r.blocks.add(kv.allocate());
  }

  private void preempt(SeqRequest victim) {
    kv.free(victim.blocks);
    victim.numComputed = 0;
    victim.committedBlocks = 0;
    waiting.addFirst(victim);
  }
}
