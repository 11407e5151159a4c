package io.llmload.workload.schedule;

import io.llmload.workload.trace.TraceRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns a trace's records into a send schedule: the window [startS, startS + durationS) of the trace's own
 * time is kept, shifted so its first record is sent at 0; offsets are divided by {@code speedup}; then
 * {@code rateScale} changes the rate while keeping the shape: below 1 each record is kept with that
 * probability, above 1 each record is sent ⌊rateScale⌋ times plus once more with the fractional
 * probability, each extra copy at a uniform time between the record and the next one (all from the seed);
 * at last at most {@code limit} records are kept. Every cut is named in the schedule's notes.
 *
 * @param durationS the window's length in trace seconds; 0 for "to the end"
 * @param limit     the most records sent; 0 for no limit
 */
public record TraceTiming(double speedup, double startS, double durationS, int limit, double rateScale, long seed) {

  public SendSchedule schedule(List<TraceRecord> records) {
    List<String> notes = new ArrayList<>();
    long fromMs = Math.round(startS * 1000);
    long toMs = durationS > 0 ? fromMs + Math.round(durationS * 1000) : Long.MAX_VALUE;
    List<TraceRecord> window = new ArrayList<>();
    int before = 0;
    int after = 0;
    for (TraceRecord r : records) {
      if (r.offsetMs() < fromMs) {
        before++;
      } else if (r.offsetMs() >= toMs) {
        after++;
      } else {
        window.add(r);
      }
    }
    if (before > 0) {
      notes.add(before + " trace records before llm.trace.startS=" + fmt(startS) + " s skipped");
    }
    if (after > 0) {
      notes.add(after + " trace records after the window's end (llm.trace.startS + llm.trace.durationS = "
          + fmt(startS + durationS) + " s) cut");
    }
    long base = window.isEmpty() ? 0 : window.get(0).offsetMs();
    List<TraceRecord> sent = new ArrayList<>(window.size());
    List<Double> times = new ArrayList<>(window.size());
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ 0x7AC3L);
    for (int i = 0; i < window.size(); i++) {
      TraceRecord r = window.get(i);
      double t = (r.offsetMs() - base) / speedup;
      double next = i + 1 < window.size() ? (window.get(i + 1).offsetMs() - base) / speedup : t;
      int copies = (int) Math.floor(rateScale);
      if (random.nextDouble() < rateScale - copies) {
        copies++;
      }
      for (int c = 0; c < copies; c++) {
        sent.add(r);
        times.add(c == 0 ? t : t + random.nextDouble() * (next - t));
      }
    }
    if (rateScale != 1) {
      notes.add("llm.trace.rateScale=" + fmt(rateScale) + ": " + window.size() + " records in the window, "
          + sent.size() + " sent");
    }
    // extra copies land between a record and the next one, so sorting keeps every record's own order
    Integer[] order = new Integer[sent.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(times.get(a), times.get(b)));
    int kept = limit > 0 ? Math.min(limit, order.length) : order.length;
    if (kept < order.length) {
      notes.add((order.length - kept) + " trace records beyond llm.trace.limit=" + limit + " cut (the replay ends at "
          + fmt(kept == 0 ? 0 : times.get(order[kept - 1]) / 1000) + " s instead of "
          + fmt(times.get(order[order.length - 1]) / 1000) + " s)");
    }
    long[] offsets = new long[kept];
    List<TraceRecord> out = new ArrayList<>(kept);
    for (int i = 0; i < kept; i++) {
      offsets[i] = Math.round(times.get(order[i]) * 1e6);
      out.add(sent.get(order[i]));
    }
    return new SendSchedule(offsets, out, notes);
  }

  private static String fmt(double v) {
    // metrics.Numbers is a layer up (workload may not use metrics): whole or up to three decimals
    return java.math.BigDecimal.valueOf(Math.round(v * 1000) / 1000.0).stripTrailingZeros().toPlainString();
  }
}
