package io.llmload.gatling;

import io.llmload.metrics.Numbers;
import io.llmload.run.AtomicFiles;
import io.llmload.run.RunFiles;
import io.llmload.sweep.LevelFigures;
import io.llmload.sweep.SweepAnalyzer;
import io.llmload.sweep.SweepConfig;
import io.llmload.sweep.SweepController;
import io.llmload.sweep.SweepLevel;
import io.llmload.sweep.SweepMode;
import io.llmload.sweep.SweepPlan;
import io.llmload.sweep.SweepSummary;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.stopLoadGenerator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ClosedInjectionStep;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.llmload.config.ConfigException;
import io.llmload.config.LlmConfig;
import io.llmload.config.ShardConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A capacity sweep inside one LLM run: the injection (one step per level), each user's chain (ask the
 * {@link SweepController} whether to run and with which level tag, run one journey, say it ended), and
 * at the end sweep-summary.json in the run folder, written before the report page so it is shown and
 * archived. After an early stop, users that would start a journey wait for those in flight to end and
 * then stop Gatling's load generator, so the run ends without sending more load.
 */
public final class SweepRun {
  private static final String ADMITTED = "sweep.admitted";
  private static final String TAG = "sweep.tag";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Duration DRAIN_POLL = Duration.ofMillis(200);

  private final LlmRun run;
  private final SweepConfig config;
  private final SweepPlan plan;
  private final SweepController controller;

  public SweepRun(LlmRun run, SweepConfig config) {
    ShardConfig shard = run.config().shard();
    if (shard.sharded() && config.earlyStop()) {
      throw new ConfigException("llm.shard=" + shard.label() + ": a capacity sweep's early stop would be judged by"
          + " each injector on its own share of the calls; set -Dllm.sweep.earlyStop=false on every injector (the"
          + " merged run's levels are the groups level_<n>)");
    }
    this.run = run;
    this.config = config;
    this.plan = SweepPlan.of(config);
    this.controller = new SweepController(config, plan, run.slo().active(), GatlingInternals::nowMillis);
    run.recorder().addListener(controller::onCall);
    run.beforeReport(this::writeSummary);
    System.out.println("LLM sweep: " + config.modeName() + " levels " + levelsText() + " (" + config.unit() + "), settle "
        + Numbers.plain(config.settleSeconds()) + " s + hold " + Numbers.plain(config.holdSeconds())
        + " s each, " + Math.round(plan.totalMs() / 1000.0) + " s in all");
  }

  /** One user: one journey tagged with the level it starts in, or (after an early stop) drain and stop. */
  public ChainBuilder user(LlmChains llm) {
    return exec(session -> {
      SweepController.Admission a = controller.admit();
      return session.set(ADMITTED, a.run()).set(TAG, a.tag() == null ? "" : a.tag());
    }).doIfOrElse(session -> session.getBoolean(ADMITTED))
        .then(exec(llm.taggedJourney(SweepRun::tagOf)).exec(session -> {
          controller.journeyEnded();
          return session;
        }))
        .orElse(asLongAs(session -> controller.inFlight() > 0).on(pause(DRAIN_POLL))
            .exec(stopLoadGenerator(session -> "capacity sweep stopped early after " + controller.stopReason())));
  }

  private static String tagOf(Session session) {
    String tag = session.getString(TAG);
    return tag == null || tag.isEmpty() ? null : tag;
  }

  /** The levels as injection steps: constant concurrency (closed) or constant arrival rate (open), settle + hold each. */
  public PopulationBuilder injection(ScenarioBuilder users) {
    ShardConfig shard = run.config().shard();
    if (config.mode() == SweepMode.CONCURRENCY) {
      List<ClosedInjectionStep> steps = new ArrayList<>();
      for (SweepPlan.Level l : plan.levels()) {
        steps.add(constantConcurrentUsers(shard.share((int) l.value())).during(Duration.ofMillis(l.endMs() - l.startMs())));
      }
      return users.injectClosed(steps.toArray(ClosedInjectionStep[]::new));
    }
    List<OpenInjectionStep> steps = new ArrayList<>();
    for (SweepPlan.Level l : plan.levels()) {
      steps.add(constantUsersPerSec(shard.share(l.value())).during(Duration.ofMillis(l.endMs() - l.startMs())));
    }
    return users.injectOpen(steps.toArray(OpenInjectionStep[]::new));
  }

  /** A hard bound: warm-up, every level, then the slowest possible journey, plus a minute. */
  public Duration maxDuration() {
    LlmConfig c = run.config();
    double journey = c.agentSteps() * (LlmSetup.maxCallSeconds(c) + c.thinkMaxSeconds());
    double total = c.warmupCalls() * LlmSetup.maxCallSeconds(c) + plan.totalMs() / 1000.0 + journey + 60;
    return Duration.ofMillis(Math.round(total * 1000));
  }

  public SweepController controller() {
    return controller;
  }

  /** Analyzes the finished run folder and writes sweep-summary.json there; prints the verdict. */
  void writeSummary(Path runDir) {
    SweepSummary summary = new SweepAnalyzer(config, plan, run.slo())
        .analyze(runDir, controller.originMs(), controller.stopReason(), controller.stoppedAfter());
    AtomicFiles.write(runDir.resolve(RunFiles.SWEEP_SUMMARY), out -> JSON.writeValue(out, summary.toJson()));
    System.out.println(console(summary));
  }

  /** The per-level table and the verdict, for the console. */
  static String console(SweepSummary summary) {
    StringBuilder sb = new StringBuilder("\n================ Capacity sweep (" + summary.unit() + ") ================\n");
    sb.append(String.format(Locale.ROOT, "%8s %9s %7s %9s %9s %8s %9s %9s %9s %7s %8s%n", "level", "status", "conc",
        "req/s", "out tok/s", "attain", "TTFT p95", "TPOT p95", "E2E p95", "errors", "waiting"));
    for (SweepLevel l : summary.levels()) {
      LevelFigures f = l.figures();
      String status = Boolean.TRUE.equals(l.meetsSlo()) ? "ok" : l.isMeasured() ? "FAILS" : l.status();
      sb.append(f == null
          ? String.format(Locale.ROOT, "%8s %9s %7s %9s %9s %8s %9s %9s %9s %7s %8s%n", fmt(l.level()), status,
              "-", "-", "-", "-", "-", "-", "-", "-", "-")
          : String.format(Locale.ROOT, "%8s %9s %7s %9s %9s %8s %9s %9s %9s %7s %8s%n", fmt(l.level()), status,
              fmt(f.achievedConcurrency()), fmt(f.requestsPerS()), fmt(f.outputTokensPerS()), fmt(f.sloAttainment()),
              fmt(f.ttft().p95()), fmt(f.tpot().p95()), fmt(f.e2e().p95()), fmt(f.errorRate()),
              fmt(f.server().requestsWaitingMean())));
    }
    SweepSummary.EarlyStop early = summary.earlyStop();
    if (early.stopped()) {
      sb.append("early stop: ").append(early.reason()).append('\n');
    }
    sb.append("verdict: ").append(summary.verdict().message()).append('\n');
    return sb.toString();
  }

  private static String fmt(Double v) {
    return v == null ? "-" : Numbers.wholeOrTwoDecimals(v);
  }

  private String levelsText() {
    List<String> out = new ArrayList<>();
    for (double v : config.levels()) {
      out.add(Numbers.plain(v));
    }
    return String.join(",", out);
  }
}
