package io.llmload.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What {@link PauseJudge} decided: the measured window, every pause with the measured stamps it held,
 * the calls whose stamps may be late and by how much. A warning only when a pause held a measured stamp;
 * a pause that held none is a note. Times "T+x s" count from the measured window's start (the first
 * measured call's start).
 *
 * @param windowStartMs first measured call's start (Gatling's clock), null when no call was measured
 * @param windowEndMs   last measured stamp (a call's end, or its last token when it never ended)
 * @param perCall       call id → the summed length of the distinct pauses that held any of its stamps
 */
public record PauseJudgement(double thresholdMs, int recorded, Long windowStartMs, Long windowEndMs,
                             List<Judged> pauses, long calls, SortedMap<Long, Double> perCall, long ttftCalls,
                             double ttftLateUpToMs, long tokenEvents, long tokenEventsInPause,
                             long callsWithTokenEventsInPause, double tokenLateUpToMs) {
  /** How many pauses and affected call ids llm-summary.json lists (the counts cover them all). */
  public static final int LISTED = 100;

  /** One pause and the measured stamps it held (a stamp inside two loops' pauses counts for the longer). */
  public record Judged(ClientPause pause, boolean inWindow, long calls, long ttftCalls, long tokenEvents) {
    public boolean touchedMeasuredEvents() {
      return calls > 0;
    }
  }

  public PauseJudgement {
    pauses = List.copyOf(pauses);
    perCall = new TreeMap<>(perCall);
  }

  /** Measured calls with any stamp inside a pause. */
  public long callsInPause() {
    return perCall.size();
  }

  public List<Judged> touching() {
    return pauses.stream().filter(Judged::touchedMeasuredEvents).toList();
  }

  public List<Judged> untouched() {
    return pauses.stream().filter(j -> !j.touchedMeasuredEvents()).toList();
  }

  /** Seconds from the measured window's start: "T+31.2 s", "T−2.0 s"; the pause's Gatling ms when nothing was measured. */
  public String at(ClientPause p) {
    if (windowStartMs == null) {
      return "at " + p.startMs() + " ms (epoch)";
    }
    double s = (p.startMs() - windowStartMs) / 1000.0;
    String t = String.format(Locale.ROOT, "%.1f", Math.abs(s));
    return "T" + (s < 0 && !t.equals("0.0") ? "−" : "+") + t + " s";
  }

  /** The warning when a pause held measured stamps (empty otherwise): how many calls, events, how late, when. */
  public List<String> warnings() {
    List<Judged> touching = touching();
    if (touching.isEmpty()) {
      return List.of();
    }
    List<String> parts = new ArrayList<>();
    if (ttftCalls > 0) {
      parts.add(ttftCalls + (ttftCalls == 1 ? " call's" : " calls'") + " TTFT may be late by up to "
          + ms(ttftLateUpToMs));
    }
    if (tokenEventsInPause > 0) {
      parts.add(tokenEventsInPause + " of " + tokenEvents + " token events (" + callsWithTokenEventsInPause
          + (callsWithTokenEventsInPause == 1 ? " call" : " calls") + ": ITL, E2E) by up to " + ms(tokenLateUpToMs));
    }
    long other = callsInPause();
    if (parts.isEmpty()) {
      parts.add(other + (other == 1 ? " call's" : " calls'") + " E2E may be late by up to " + ms(maxPerCall()));
    }
    StringBuilder sb = new StringBuilder(String.join(", and ", parts));
    sb.append(": the client paused ");
    if (touching.size() == 1) {
      ClientPause p = touching.get(0).pause();
      sb.append("at ").append(at(p)).append(" for ").append(ms(p.lengthMs()));
    } else {
      ClientPause longest = touching.stream().map(Judged::pause).max(Comparator.comparingDouble(ClientPause::lengthMs))
          .orElseThrow();
      sb.append(touching.size()).append(" times during measured calls, the longest ").append(ms(longest.lengthMs()))
          .append(" at ").append(at(longest));
    }
    sb.append("; ").append(other == 1 ? "the call: " : "the " + other + " calls: ").append(ids(LISTED_IN_TEXT))
        .append(" (llm-calls.csv column client_pause_ms)");
    return List.of(sb.toString());
  }

  private static final int LISTED_IN_TEXT = 10;

  /** Pauses that held no measured stamp, in one line (empty when there were none): no figure is affected. */
  public List<String> notes() {
    List<Judged> untouched = untouched();
    if (untouched.isEmpty()) {
      return List.of();
    }
    ClientPause longest = untouched.stream().map(Judged::pause).max(Comparator.comparingDouble(ClientPause::lengthMs))
        .orElseThrow();
    long inWindow = untouched.stream().filter(Judged::inWindow).count();
    String where = windowStartMs == null ? "no call was measured"
        : inWindow == untouched.size() ? "inside the measured window, between measured events"
        : inWindow == 0 ? "outside the measured window (start-up, warm-up or after the last call)"
        : inWindow + " inside the measured window between measured events, " + (untouched.size() - inWindow)
            + " outside it (start-up, warm-up or after the last call)";
    return List.of(String.format(Locale.ROOT, "the client paused %d %s for %s ms or more without holding any measured"
        + " stamp (%s; the longest %s at %s): no measured figure is affected", untouched.size(),
        untouched.size() == 1 ? "time" : "times", Numbers.plain(thresholdMs), where, ms(longest.lengthMs()),
        at(longest)));
  }

  private double maxPerCall() {
    return perCall.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }

  private String ids(int limit) {
    StringBuilder sb = new StringBuilder();
    int n = 0;
    for (Long id : perCall.keySet()) {
      if (n == limit) {
        sb.append(", … ").append(perCall.size() - limit).append(" more");
        break;
      }
      sb.append(n++ == 0 ? "" : ", ").append(id);
    }
    return sb.toString();
  }

  private static String ms(double v) {
    return Numbers.rounded(v, 1) + " ms";
  }

  /** The "pauses" part of client_health in llm-summary.json. */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("threshold_ms", thresholdMs);
    m.put("recorded", recorded);
    m.put("in_measured_window", pauses.stream().filter(Judged::inWindow).count());
    m.put("holding_measured_stamps", touching().size());
    m.put("window_start_ms", windowStartMs);
    m.put("window_end_ms", windowEndMs);
    m.put("measured_calls", calls);
    m.put("calls_in_pause", callsInPause());
    m.put("ttft_calls_in_pause", ttftCalls);
    m.put("ttft_late_up_to_ms", ttftCalls == 0 ? null : round(ttftLateUpToMs));
    m.put("token_events", tokenEvents);
    m.put("token_events_in_pause", tokenEventsInPause);
    m.put("token_late_up_to_ms", tokenEventsInPause == 0 ? null : round(tokenLateUpToMs));
    m.put("calls_in_pause_ids", perCall.keySet().stream().limit(LISTED).toList());
    List<Judged> longest = new ArrayList<>(pauses);
    longest.sort(Comparator.comparingDouble((Judged j) -> j.pause().lengthMs()).reversed());
    List<Judged> listed = new ArrayList<>(longest.subList(0, Math.min(LISTED, longest.size())));
    listed.sort(Comparator.comparingLong(j -> j.pause().startMs()));
    List<Map<String, Object>> list = new ArrayList<>();
    for (Judged j : listed) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("loop", j.pause().loop());
      p.put("start_ms", j.pause().startMs());
      p.put("end_ms", j.pause().endMs());
      p.put("length_ms", round(j.pause().lengthMs()));
      p.put("at", at(j.pause()));
      p.put("in_measured_window", j.inWindow());
      p.put("calls", j.calls());
      p.put("ttft_calls", j.ttftCalls());
      p.put("token_events", j.tokenEvents());
      list.add(p);
    }
    m.put("longest", list);
    return m;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
