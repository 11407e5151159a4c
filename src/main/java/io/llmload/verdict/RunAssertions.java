package io.llmload.verdict;

import io.llmload.metrics.Numbers;
import io.llmload.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The build verdict: -Dllm.assert.* limits checked against llm-summary.json at the end of the run.
 * <ul>
 *   <li>{@code llm.assert.[<group>.]<metric><P50|P90|P95|P99|Max|Mean>Ms=<limit>}: an upper limit, metric one
 *       of ttft, ttfo, e2e, tpot, itl (e.g. llm.assert.ttftP95Ms=800, llm.assert.agent_step_5.e2eP99Ms=60000);</li>
 *   <li>{@code llm.assert.[<group>.]errorRatePct=<max %>};</li>
 *   <li>{@code llm.assert.[<group>.]goodputMin=<good calls/s>} and {@code sloAttainmentPct=<min %>} (need llm.slo.*);</li>
 *   <li>{@code llm.assert.[<group>.]throughputMin=<output tokens/s>}, {@code requestsPerSecMin=<ok calls/s>}.</li>
 * </ul>
 * The group defaults to "overall". Names are checked before the load starts.
 */
public final class RunAssertions {
  public static final String PREFIX = "llm.assert.";
  private static final Pattern LATENCY = Pattern.compile("(ttft|ttfo|e2e|tpot|itl)(P50|P90|P95|P99|Max|Mean)Ms");
  private static final List<String> OTHERS = List.of("errorRatePct", "goodputMin", "sloAttainmentPct", "throughputMin",
      "requestsPerSecMin");

  /** One parsed assertion. */
  record Limit(String property, String group, String name, double value) {
  }

  private final List<Limit> limits;

  private RunAssertions(List<Limit> limits) {
    this.limits = limits;
  }

  public static RunAssertions read(Map<String, String> properties) {
    List<Limit> limits = new ArrayList<>();
    for (Map.Entry<String, String> e : new TreeMap<>(properties).entrySet()) {
      if (!e.getKey().startsWith(PREFIX)) {
        continue;
      }
      String rest = e.getKey().substring(PREFIX.length());
      int dot = rest.lastIndexOf('.');
      String group = dot < 0 ? "overall" : rest.substring(0, dot);
      String name = dot < 0 ? rest : rest.substring(dot + 1);
      if (!LATENCY.matcher(name).matches() && !OTHERS.contains(name)) {
        throw new ConfigException(e.getKey() + " is not an assertion; use llm.assert.[<group>.]<ttft|ttfo|e2e|tpot|itl>"
            + "<P50|P90|P95|P99|Max|Mean>Ms, errorRatePct, goodputMin, sloAttainmentPct, throughputMin or requestsPerSecMin");
      }
      double value;
      try {
        value = Double.parseDouble(e.getValue().trim());
      } catch (NumberFormatException ex) {
        throw new ConfigException(e.getKey() + "=" + e.getValue() + " is not a number; e.g. -D" + e.getKey() + "=800");
      }
      if (!Double.isFinite(value)) { // a NaN limit would pass every run, an infinite one check nothing
        throw new ConfigException(e.getKey() + "=" + e.getValue() + " is not a finite number; e.g. -D" + e.getKey()
            + "=800");
      }
      limits.add(new Limit(e.getKey(), group, name, value));
    }
    return new RunAssertions(limits);
  }

  public boolean active() {
    return !limits.isEmpty();
  }

  /** One check per assertion, against the summary's groups and SLO sections. */
  @SuppressWarnings("unchecked")
  public List<Check> evaluate(Map<String, Object> summary) {
    Map<String, Object> groups = (Map<String, Object>) summary.get("groups");
    Map<String, Object> slo = (Map<String, Object>) summary.get("slo");
    List<Check> checks = new ArrayList<>();
    for (Limit limit : limits) {
      Map<String, Object> group = (Map<String, Object>) groups.get(limit.group());
      String label = limit.group() + " " + limit.name() + " (" + limit.property() + ")";
      if (group == null) {
        checks.add(Check.fail(label, "group " + limit.group() + " had no calls in this run", null, limit.value()));
        continue;
      }
      Matcher m = LATENCY.matcher(limit.name());
      Double observed;
      boolean upper;
      if (m.matches()) {
        Map<String, Object> dist = (Map<String, Object>) group.get(m.group(1) + "_ms");
        observed = number(dist.get(m.group(2).toLowerCase(Locale.ROOT)));
        upper = true;
      } else {
        Map<String, Object> sloGroup = slo == null ? null : (Map<String, Object>) ((Map<String, Object>) slo.get("groups")).get(limit.group());
        switch (limit.name()) {
          case "errorRatePct" -> {
            Double rate = number(group.get("error_rate"));
            observed = rate == null ? null : rate * 100;
            upper = true;
          }
          case "throughputMin" -> {
            observed = number(group.get("throughput_output_tokens_per_s"));
            upper = false;
          }
          case "requestsPerSecMin" -> {
            observed = number(group.get("requests_per_s"));
            upper = false;
          }
          case "goodputMin" -> {
            observed = sloGroup == null ? null : number(sloGroup.get("goodput_per_s"));
            upper = false;
          }
          default -> {
            Double attainment = sloGroup == null ? null : number(sloGroup.get("attainment"));
            observed = attainment == null ? null : attainment * 100;
            upper = false;
          }
        }
      }
      if (observed == null) {
        checks.add(Check.fail(label, "no value measured (no ok call" + (limit.name().startsWith("goodput")
            || limit.name().startsWith("slo") ? ", or no llm.slo.* set" : "") + ")", null, limit.value()));
      } else if (upper ? observed <= limit.value() : observed >= limit.value()) {
        checks.add(Check.pass(label, Numbers.fixed(observed, 3, "") + (upper ? " <= " : " >= ")
            + Numbers.fixed(limit.value(), 3, ""), observed, limit.value()));
      } else {
        checks.add(Check.fail(label, Numbers.fixed(observed, 3, "") + " is " + (upper ? "above" : "below")
            + " the limit " + Numbers.fixed(limit.value(), 3, ""), observed, limit.value()));
      }
    }
    return checks;
  }

  private static Double number(Object o) {
    return o instanceof Number n ? n.doubleValue() : null;
  }
}
