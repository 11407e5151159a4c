package io.llmload.servermetrics;

import static io.llmload.servermetrics.VllmMetrics.FINISHED_REASON;
import static io.llmload.servermetrics.VllmMetrics.GENERATION_TOKENS;
import static io.llmload.servermetrics.VllmMetrics.KV_CACHE_USAGE;
import static io.llmload.servermetrics.VllmMetrics.PREEMPTIONS;
import static io.llmload.servermetrics.VllmMetrics.PREFIX_CACHE_HITS;
import static io.llmload.servermetrics.VllmMetrics.PREFIX_CACHE_QUERIES;
import static io.llmload.servermetrics.VllmMetrics.PROMPT_TOKENS;
import static io.llmload.servermetrics.VllmMetrics.REQUESTS_RUNNING;
import static io.llmload.servermetrics.VllmMetrics.REQUESTS_WAITING;
import static io.llmload.servermetrics.VllmMetrics.REQUEST_SUCCESS;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps, per URL, the first and the latest successful scrape (nothing else: memory stays constant
 * however long the run) and turns them into a {@link ServerWindow}.
 *
 * <p>Restarts: every accepted scrape is compared with the previous one of its URL; when a counter
 * went down (see {@link CounterResets}) the reset is recorded, the window so far is closed as a
 * segment and a new segment starts at the post-restart scrape. Window figures are the sum over
 * segments, so they never go negative; the increments between the last scrape before and the first
 * scrape after a restart are lost (reported, not guessed). Not thread-safe: the scraper guards it.
 */
public final class ServerWindowTracker {

  private static final class UrlState {
    Scrape first;
    Scrape segmentFirst;
    Scrape latest;
    final List<Scrape[]> closedSegments = new ArrayList<>();
    Double maxRunning;
    Double maxWaiting;
    Double maxKvUsage;
  }

  private final UrlState[] states;
  private final List<ServerWindow.CounterReset> resets = new ArrayList<>();
  private long scrapesOk;
  private long scrapesFailed;
  private String lastFailure;
  private Double maxRunning;
  private Double maxWaiting;
  private Double maxKvUsage;

  public ServerWindowTracker(int urls) {
    states = new UrlState[urls];
    for (int i = 0; i < urls; i++) {
      states[i] = new UrlState();
    }
  }

  /** Records a successful scrape; returns the reset it revealed, or {@code null}. */
  public ServerWindow.CounterReset accept(Scrape scrape) {
    UrlState st = states[scrape.urlIndex()];
    scrapesOk++;
    ServerWindow.CounterReset reset = null;
    if (st.latest != null) {
      String detail = CounterResets.detect(st.latest.snapshot(), scrape.snapshot());
      if (detail != null) {
        reset = new ServerWindow.CounterReset(scrape.urlIndex(), scrape.timeMs(), detail);
        resets.add(reset);
        st.closedSegments.add(new Scrape[] {st.segmentFirst, st.latest});
        st.segmentFirst = scrape;
      }
    } else {
      st.first = scrape;
      st.segmentFirst = scrape;
    }
    st.latest = scrape;
    MetricsSnapshot s = scrape.snapshot();
    maxRunning = max(maxRunning, s.sum(REQUESTS_RUNNING));
    maxWaiting = max(maxWaiting, s.sum(REQUESTS_WAITING));
    maxKvUsage = max(maxKvUsage, s.max(KV_CACHE_USAGE));
    st.maxRunning = max(st.maxRunning, s.sum(REQUESTS_RUNNING));
    st.maxWaiting = max(st.maxWaiting, s.sum(REQUESTS_WAITING));
    st.maxKvUsage = max(st.maxKvUsage, s.max(KV_CACHE_USAGE));
    return reset;
  }

  /** Records a failed scrape. */
  public void failure(int urlIndex, String reason) {
    scrapesFailed++;
    lastFailure = "url " + urlIndex + ": " + reason;
  }

  /** Records a problem that is not a failed scrape (CSV I/O): shown as the last failure, not counted. */
  public void note(String reason) {
    lastFailure = reason;
  }

  public Scrape first(int urlIndex) {
    return states[urlIndex].first;
  }

  public Scrape latest(int urlIndex) {
    return states[urlIndex].latest;
  }

  public long scrapesOk() {
    return scrapesOk;
  }

  public long scrapesFailed() {
    return scrapesFailed;
  }

  public String lastFailure() {
    return lastFailure;
  }

  private static Double max(Double a, Double b) {
    if (b == null) {
      return a;
    }
    return a == null || b > a ? b : a;
  }

  /** The window from every URL's first to its latest scrape. */
  public ServerWindow summarize() {
    return summarize(List.of(states), resets, maxRunning, maxWaiting, maxKvUsage, scrapesOk, scrapesFailed, lastFailure);
  }

  /**
   * The window of one URL alone (a replica's share of the run): the same figures from its own first to
   * latest scrape; scrape counts and the last failure are the whole run's.
   */
  public ServerWindow summarize(int urlIndex) {
    UrlState st = states[urlIndex];
    List<ServerWindow.CounterReset> own = resets.stream().filter(r -> r.urlIndex() == urlIndex).toList();
    return summarize(List.of(st), own, st.maxRunning, st.maxWaiting, st.maxKvUsage, scrapesOk, scrapesFailed,
        lastFailure);
  }

  private static ServerWindow summarize(List<UrlState> urls, List<ServerWindow.CounterReset> resets, Double maxRunning,
      Double maxWaiting, Double maxKvUsage, long scrapesOk, long scrapesFailed, String lastFailure) {
    List<Scrape[]> segments = new ArrayList<>();
    for (UrlState st : urls) {
      segments.addAll(st.closedSegments);
      if (st.latest != null) {
        segments.add(new Scrape[] {st.segmentFirst, st.latest});
      }
    }
    List<ServerWindow.CounterReset> allResets = new ArrayList<>(resets);
    Long start = null;
    Long end = null;
    boolean spans = false;
    for (Scrape[] seg : segments) {
      start = start == null ? seg[0].timeMs() : Math.min(start, seg[0].timeMs());
      end = end == null ? seg[1].timeMs() : Math.max(end, seg[1].timeMs());
      spans |= seg[1].timeMs() > seg[0].timeMs();
    }
    if (!spans) {
      segments = List.of(); // one scrape per URL is a point, not a window: every delta unknown
    }
    Double durationS = spans ? (end - start) / 1000.0 : null;

    Double prompt = counterDelta(segments, PROMPT_TOKENS, allResets);
    Double generation = counterDelta(segments, GENERATION_TOKENS, allResets);
    Double preemptions = counterDelta(segments, PREEMPTIONS, allResets);
    Double queries = counterDelta(segments, PREFIX_CACHE_QUERIES, allResets);
    Double hits = counterDelta(segments, PREFIX_CACHE_HITS, allResets);
    Map<String, Long> byReason = successByReason(segments, allResets);
    Long successTotal = null;
    if (byReason != null) {
      successTotal = byReason.values().stream().mapToLong(Long::longValue).sum();
    }
    Map<String, ServerWindow.LatencyWindow> latency = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : VllmMetrics.LATENCY_HISTOGRAMS.entrySet()) {
      CumulativeHistogram h = histogramDelta(segments, e.getValue(), allResets);
      latency.put(e.getKey(), h == null ? null : ServerWindow.LatencyWindow.of(e.getValue(), h));
    }
    return new ServerWindow(
        true,
        urls.size(),
        scrapesOk,
        scrapesFailed,
        lastFailure,
        start,
        end,
        durationS,
        toLong(prompt),
        toLong(generation),
        perSecond(prompt, durationS),
        perSecond(generation, durationS),
        toLong(preemptions),
        toLong(queries),
        toLong(hits),
        queries != null && hits != null && queries > 0 ? hits / queries : null,
        successTotal,
        byReason,
        maxRunning,
        maxWaiting,
        maxKvUsage,
        latency,
        allResets);
  }

  private static Long toLong(Double v) {
    return v == null ? null : Math.round(v);
  }

  private static Double perSecond(Double delta, Double durationS) {
    if (delta == null || durationS == null || durationS <= 0) {
      return null;
    }
    return Math.round(delta / durationS * 1000.0) / 1000.0;
  }

  /**
   * Σ over segments of (last − first), summed over label sets; a series missing from a segment's
   * first scrape counts from 0, one missing from its last scrape contributes nothing.
   */
  private static Double counterDelta(List<Scrape[]> segments, String name, List<ServerWindow.CounterReset> resets) {
    Double total = null;
    for (Scrape[] seg : segments) {
      Double last = seg[1].snapshot().sum(name);
      if (last == null) {
        continue;
      }
      Double first = seg[0].snapshot().sum(name);
      double d = last - (first == null ? 0 : first);
      if (d < 0) {
        resets.add(new ServerWindow.CounterReset(seg[1].urlIndex(), seg[1].timeMs(),
            name + " went down over the window"));
        continue;
      }
      total = total == null ? d : total + d;
    }
    return total;
  }

  private static Map<String, Long> successByReason(List<Scrape[]> segments, List<ServerWindow.CounterReset> resets) {
    Map<String, Double> total = null;
    for (Scrape[] seg : segments) {
      Map<String, Double> last = seg[1].snapshot().sumByLabel(REQUEST_SUCCESS, FINISHED_REASON);
      if (last.isEmpty()) {
        continue;
      }
      Map<String, Double> first = seg[0].snapshot().sumByLabel(REQUEST_SUCCESS, FINISHED_REASON);
      if (total == null) {
        total = new LinkedHashMap<>();
      }
      for (Map.Entry<String, Double> e : last.entrySet()) {
        double d = e.getValue() - first.getOrDefault(e.getKey(), 0.0);
        if (d < 0) {
          resets.add(new ServerWindow.CounterReset(seg[1].urlIndex(), seg[1].timeMs(),
              REQUEST_SUCCESS + "{finished_reason=\"" + e.getKey() + "\"} went down over the window"));
          continue;
        }
        total.merge(e.getKey(), d, Double::sum);
      }
    }
    if (total == null) {
      return null;
    }
    Map<String, Long> out = new LinkedHashMap<>();
    total.forEach((k, v) -> out.put(k, Math.round(v)));
    return out;
  }

  private static CumulativeHistogram histogramDelta(List<Scrape[]> segments, String family,
                            List<ServerWindow.CounterReset> resets) {
    CumulativeHistogram total = null;
    for (Scrape[] seg : segments) {
      CumulativeHistogram last = seg[1].snapshot().histogram(family);
      if (last == null) {
        continue;
      }
      CumulativeHistogram first = seg[0].snapshot().histogram(family);
      CumulativeHistogram d = last;
      if (first != null) {
        if (last.decreasedFrom(first)) {
          resets.add(new ServerWindow.CounterReset(seg[1].urlIndex(), seg[1].timeMs(),
              family + " went down over the window"));
          continue;
        }
        d = last.minus(first);
      }
      total = total == null ? d : total.plus(d);
    }
    return total;
  }
}
