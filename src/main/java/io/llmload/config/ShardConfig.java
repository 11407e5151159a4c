package io.llmload.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One injector's share of a run that several injectors send together (llm.shard=I/N, llm.runId). The run's
 * workload is the one a single injector would send; shard I sends the positions I, I + N, I + 2N, … of it:
 * every N-th arrival of the open model's schedule (or of a trace replay), every N-th journey, and its share
 * of a concurrency ({@link #share}). Journeys, prompts and lengths come from (llm.seed, position), so the
 * call a shard sends at a position is the call the single injector sends there.
 *
 * @param index llm.shard's I, from 0
 * @param count llm.shard's N, at least 1 (1: a run of one injector)
 * @param runId llm.runId, the id every shard of one run shares; null when unset (allowed only when N is 1)
 * @param startAtMs llm.startAt: the wall-clock time (epoch ms) of the open model's schedule origin, the same on
 *                  every injector so that their schedules line up; null when each injector starts its schedule
 *                  1 s after its own first user
 */
public record ShardConfig(int index, int count, String runId, Long startAtMs) {
  /** A run of one injector, untagged. */
  public static final ShardConfig NONE = new ShardConfig(0, 1, null, null);
  /** How far ahead llm.startAt may be. */
  public static final long MAX_START_AHEAD_MS = 86_400_000L;
  /** The most injectors one run may be split over. */
  public static final int MAX_COUNT = 10_000;
  private static final Pattern SHARD = Pattern.compile("(\\d{1,9})/(\\d{1,9})");
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  public ShardConfig {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException("shard " + index + "/" + count);
    }
  }

  /** Shard {@code index} of {@code count}, run {@code runId}, each injector starting its own schedule. */
  public ShardConfig(int index, int count, String runId) {
    this(index, count, runId, null);
  }

  /** True when the run is split over more than one injector. */
  public boolean sharded() {
    return count > 1;
  }

  /** "I/N", as llm.shard is written and as the run folder records it. */
  public String label() {
    return index + "/" + count;
  }

  /** The position in the whole run of this shard's k-th journey (or arrival): I + k·N. */
  public long position(long k) {
    return index + k * count;
  }

  /** True when the whole run's position {@code p} is this shard's. */
  public boolean owns(long p) {
    return p % count == index;
  }

  /**
   * This shard's part of {@code total} (users, a concurrency): ⌊total / N⌋, plus one for the first total mod N
   * shards, so the N parts sum to {@code total} exactly.
   */
  public int share(int total) {
    return total / count + (index < total % count ? 1 : 0);
  }

  /** This shard's part of a rate (arrivals per second): rate / N. */
  public double share(double rate) {
    return rate / count;
  }

  static ShardConfig read(Settings s, Injection injection) {
    Long startAt = startAt(s, injection, System.currentTimeMillis());
    ShardConfig shard = read(s);
    return startAt == null ? shard : new ShardConfig(shard.index(), shard.count(), shard.runId(), startAt);
  }

  /**
   * llm.startAt: an instant (2026-12-01T18:40:00Z) or epoch milliseconds, in the future (at most a day ahead);
   * only for the open model, whose arrivals are a schedule.
   */
  static Long startAt(Settings s, Injection injection, long nowMs) {
    String raw = s.raw("llm.startAt");
    if (raw == null) {
      return null;
    }
    long at;
    try {
      at = raw.matches("\\d{1,15}") ? Long.parseLong(raw) : java.time.Instant.parse(raw).toEpochMilli();
    } catch (java.time.format.DateTimeParseException e) {
      throw new ConfigException("llm.startAt=" + raw + " is not a time; give an instant such as 2026-12-01T18:40:00Z"
          + " (UTC) or epoch milliseconds, the same on every injector");
    }
    if (injection == Injection.CLOSED) {
      throw new ConfigException("llm.startAt lines up the open model's arrival schedules; llm.injection=closed has"
          + " none: drop -Dllm.startAt or set -Dllm.injection=open");
    }
    if (at <= nowMs) {
      throw new ConfigException("llm.startAt=" + raw + " is " + (nowMs - at) / 1000.0 + " s in the past; set a time"
          + " later than every injector's start-up (prompts, warm-up: allow a minute), e.g. -Dllm.startAt="
          + java.time.Instant.ofEpochMilli(nowMs + 120_000).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }
    if (at - nowMs > MAX_START_AHEAD_MS) {
      throw new ConfigException("llm.startAt=" + raw + " is more than a day ahead; set a time within the next 24 h");
    }
    s.string("llm.startAt", null);
    return at;
  }

  static ShardConfig read(Settings s) {
    String shard = s.raw("llm.shard");
    String runId = s.raw("llm.runId");
    if (runId != null && !RUN_ID.matcher(runId).matches()) {
      throw new ConfigException("llm.runId=" + runId + " is not a run id: use 1 to 64 letters, digits, '.', '_' or '-',"
          + " starting with a letter or digit (the same value on every injector of the run), e.g."
          + " -Dllm.runId=nightly-20261201");
    }
    if (runId != null) {
      s.string("llm.runId", null);
    }
    if (shard == null) {
      return runId == null ? NONE : new ShardConfig(0, 1, runId);
    }
    Matcher m = SHARD.matcher(shard);
    String fix = "; set -Dllm.shard=I/N with N the number of injectors and I this injector's index, 0 <= I < N"
        + " (e.g. 0/3, 1/3 and 2/3 for three injectors)";
    if (!m.matches()) {
      throw new ConfigException("llm.shard=" + shard + " is not I/N" + fix);
    }
    int index = Integer.parseInt(m.group(1));
    int count = Integer.parseInt(m.group(2));
    if (count < 1 || count > MAX_COUNT) {
      throw new ConfigException("llm.shard=" + shard + ": N must be between 1 and " + MAX_COUNT + fix);
    }
    if (index >= count) {
      throw new ConfigException("llm.shard=" + shard + ": the index " + index + " is not below the count " + count
          + " (indexes run from 0 to " + (count - 1) + ")" + fix);
    }
    if (count > 1 && runId == null) {
      throw new ConfigException("llm.shard=" + shard + " needs -Dllm.runId=<id>, the same on all " + count
          + " injectors (e.g. -Dllm.runId=nightly-20261201, or the Kubernetes Job's name): the merge puts"
          + " together only shards of one run id");
    }
    s.string("llm.shard", null);
    return new ShardConfig(index, count, runId);
  }
}
