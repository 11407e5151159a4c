package io.llmload.workload.prompt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Generates English-like sentences about enterprise topics (risk, controls, infrastructure, finance,
 * operations) from sentence templates and slot vocabularies, so that prompts look like the documents
 * users really send rather than one repeated word or random letters.
 *
 * <p>Every sentence is plain ASCII, starts with a capital letter, ends with a period or question mark,
 * and contains no apostrophes, abbreviations or line breaks: sentences joined with a single space meet
 * at a tokenizer pre-token boundary, so their token counts add up exactly (see {@link PromptFactory}).
 *
 * <p>Stateless and thread-safe: all randomness comes from the caller's {@link SplittableRandom}.
 */
final class EnterpriseProse {

  private static final Map<String, String[]> SLOTS = Map.ofEntries(
      Map.entry("team", new String[] {
          "the risk committee", "our treasury team", "our platform group", "internal audit",
          "operations", "our security office", "regional finance", "vendor management",
          "the data governance council", "infrastructure engineering", "our controllers", "compliance",
          "procurement", "our service desk", "the credit review board", "site reliability engineering",
          "payments", "the architecture board", "branch operations", "the audit committee",
          "group tax", "network engineering", "product finance", "our change board",
          "facilities management", "an integration squad", "legal", "investor relations"}),
      Map.entry("system", new String[] {
          "the general ledger", "our payments gateway", "identity management", "our data warehouse",
          "core banking", "the reconciliation engine", "trade capture", "billing",
          "our customer portal", "message queuing", "backup storage", "regulatory reporting",
          "payroll", "procurement approvals", "edge networking", "primary storage",
          "our container platform", "disaster recovery", "treasury systems", "claims processing",
          "mainframe batch", "expense management", "pricing", "contract storage",
          "fixed asset accounting", "our ticketing tool", "collateral management", "mobile banking"}),
      Map.entry("control", new String[] {
          "segregation of duties", "quarterly access reviews", "dual approval for wire transfers",
          "change approval", "automated reconciliation checks", "encryption at rest",
          "multifactor authentication", "vendor due diligence", "daily cash positioning", "log retention",
          "patch compliance scans", "exception reporting", "backup restore tests",
          "privileged access monitoring", "limit monitoring", "journal entry review", "capacity planning",
          "incident reviews", "data lineage tracking", "key rotation", "invoice matching",
          "firewall rule reviews", "account certification", "payment screening", "stress testing",
          "release gating", "budget variance analysis", "asset tagging"}),
      Map.entry("risk", new String[] {
          "concentration risk", "liquidity risk", "operational risk", "supplier risk", "model risk",
          "credit exposure", "interest rate risk", "cyber risk", "settlement risk", "reputational damage",
          "fraud losses", "regulatory findings", "poor data quality", "single points of failure",
          "configuration drift", "cost overruns", "vendor lock in", "key person dependency",
          "unplanned downtime", "currency exposure", "duplicate payments", "stale credentials",
          "capacity shortfalls", "late filings", "inaccurate forecasts", "unpatched servers"}),
      Map.entry("metric", new String[] {
          "error budgets", "cost per transaction", "close duration", "mean time to recovery",
          "open findings", "approval latency", "capital adequacy",
          "settlement failures", "manual adjustments", "forecast variance",
          "peak utilization", "ticket volume", "days sales outstanding", "patch latency",
          "recovery objectives", "unreconciled balances", "storage growth",
          "false positives", "staff turnover", "audit coverage", "cloud spend", "query latency",
          "working capital", "renewal rates", "change failure rate", "overtime hours"}),
      Map.entry("verb", new String[] {
          "reviewed", "tightened", "automated", "documented", "tested", "redesigned", "retired",
          "consolidated", "extended", "simplified", "benchmarked", "rolled out", "validated", "migrated",
          "monitored", "challenged", "piloted", "updated", "scoped", "prioritized", "streamlined",
          "audited", "replaced", "mapped"}),
      Map.entry("trend", new String[] {
          "fell by", "rose by", "improved by", "dropped by", "increased by", "declined by", "grew by",
          "narrowed by", "widened by", "shrank by", "moved by", "slipped by"}),
      Map.entry("time", new String[] {
          "last quarter", "this month", "during the year end close", "since the last audit",
          "over the past six weeks", "in the second half", "before the migration",
          "after the outage in March", "in the last review cycle", "over the summer", "in January",
          "since the reorganization", "during the peak season", "this fiscal year", "in recent weeks",
          "after the budget freeze", "during the pilot", "in the first quarter"}),
      Map.entry("reason", new String[] {
          "because manual steps kept failing", "after a near miss in settlement",
          "to meet the new regulatory deadline", "since demand doubled", "to reduce audit effort",
          "as part of the savings program", "following a supplier incident",
          "because alerts were being ignored", "to shorten the close", "to avoid duplicate payments",
          "after customers complained", "because licenses were expiring", "to support growth in Asia",
          "once the contract was renewed", "because the old tooling was unsupported",
          "after staff shortages in operations"}),
      Map.entry("adj", new String[] {
          "critical", "material", "recurring", "minor", "significant", "temporary", "unexpected",
          "persistent", "manageable", "moderate", "isolated", "systemic", "acceptable", "elevated"}),
      Map.entry("outcome", new String[] {
          "reduced the number of exceptions", "freed up two analysts", "cut recovery time in half",
          "removed a single point of failure", "lowered monthly hosting costs",
          "shortened approval times", "closed three audit findings", "improved forecast accuracy",
          "stopped most duplicate invoices", "made month end more predictable",
          "exposed gaps in ownership", "raised confidence in the numbers",
          "caught several suspicious transfers", "simplified the quarterly review"}),
      Map.entry("place", new String[] {
          "in the Frankfurt data center", "in the Americas", "across the European branches",
          "in the Singapore office", "for the retail division", "in the wholesale unit",
          "at the Dublin site", "for corporate clients", "in the shared service center",
          "across all regions", "in the London hub", "for the insurance business"}),
      Map.entry("cause", new String[] {
          "an expired certificate", "a misconfigured load balancer", "a missing approval step",
          "a data feed that arrived late", "an untested database upgrade", "a full disk on a batch server",
          "a spreadsheet with broken formulas", "a retired service account", "a vendor outage",
          "an incorrect exchange rate", "a duplicated file transfer", "a network change made without review"}),
      Map.entry("period", new String[] {
          "week", "month", "quarter", "business day", "sprint", "reporting cycle"}),
      Map.entry("action", new String[] {
          "simplify the approval chain", "move batch jobs to the cloud", "renegotiate the hosting contract",
          "hire two more analysts", "retire the legacy scripts", "add a second data center",
          "centralize vendor payments", "publish a weekly risk dashboard", "split the platform team",
          "rebuild the reporting layer", "pause new feature work", "outsource the night shift"}));

  private static final String[] TEMPLATES = {
      "{team} {verb} {control} for {system} {time}.",
      "According to {team}, {metric} {trend} {n} percent {time}.",
      "The main concern for {team} remains {risk} {place}.",
      "If {control} is not in place, {risk} becomes {adj} within weeks.",
      "We expect {metric} to improve once {system} is {verb}.",
      "{team} asked whether {control} also covers {system} {place}.",
      "{control} {outcome} {time}.",
      "A {adj} finding on {control} was raised by {team} {time}.",
      "The budget for {system} was cut by {n} percent, so {team} {verb} {control} instead of buying new tools.",
      "Nobody has tested {control} on {system} since {time2}.",
      "To limit {risk}, {team} proposed {control} and a monthly look at {metric}.",
      "The incident on {system} lasted {n} minutes and was traced to {cause}.",
      "{team} will present options for {system} at the next steering meeting.",
      "Costs for {system} {trend} {n} percent {time} {reason}.",
      "Our auditors rated {control} as {adj} {time}.",
      "Before the next release, {team} needs sign off on {control}.",
      "There are {n} open items on {system}, and several are older than ninety days.",
      "In practice, {control} depends on {team} and on accurate data from {system}.",
      "The plan is to move {system} to a new platform {reason}.",
      "{metric} is now reported to {team} every {period}.",
      "Management accepted {risk} for {system} until the upgrade is complete.",
      "We found {n} cases where {control} was skipped, most of them linked to {system}.",
      "{team} and {team2} still disagree about who owns {control}.",
      "Without better data from {system}, {metric} cannot be measured reliably.",
      "The root cause was {cause}, and {team} has since {verb} {control}.",
      "Each region now follows the same checklist for {control}.",
      "{risk} {place} is {adj}, but it is trending in the right direction.",
      "How should {team} handle {risk} when {system} is unavailable?",
      "One option is to {action}, which would reduce {risk} but raise {metric}.",
      "{team} wants to {action} {time3} {reason}.",
      "Several people pointed out that {metric} {trend} {n} percent after {system} was {verb}.",
      "An outage {place} showed that {control} was weaker than we thought.",
      "For now, {team} reviews {metric} by hand every {period}.",
      "The board expects a clear view of {risk} and {risk2} by the end of the {period}.",
      "Staff {place} reported {cause} twice {time}.",
      "Any change to {system} must now pass {control} first.",
      "Is {metric} still within the limit that {team} agreed {time}?",
      "It took {n} days to restore {system} after {cause}.",
      "Shared ownership of {control} has {outcome}.",
      "Our forecast assumes that {metric} stays flat while {system} is {verb}.",
      "{team} recommends that we {action} before {risk} becomes {adj}.",
      "Short of a full redesign, {verb2} {control} is the cheapest fix.",
  };

  /** Short complete sentences of a few tokens, used to close a block without keyword filler. */
  private static final String[] SHORT_SENTENCES = {
      "Costs rose.", "Nothing changed.", "Audit agreed.", "Risk is stable.", "Controls held.",
      "Work continues.", "The plan stands.", "Demand fell.", "Budgets are tight.", "Data was late.",
      "Review pending.", "Approved.", "Noted.", "Escalated.", "Closed.", "Agreed.", "Deferred.",
      "This is urgent.", "Progress is slow.", "The backlog grew.", "Owners were named.",
      "Testing starts soon.", "Findings remain open.", "Spending is on track."};

  /**
   * Candidate filler words. {@link PromptFactory} keeps only those that are a single token in its
   * encoding both as " word" and " Word", and uses them to hit an exact count when no sentence fits.
   */
  static final String[] FILLER_WORDS = {
      "risk", "audit", "budget", "vendor", "review", "control", "policy", "report", "ledger", "market",
      "process", "network", "server", "cloud", "cost", "team", "plan", "data", "cash", "credit",
      "service", "system", "security", "finance", "capital", "asset", "contract", "payment", "license",
      "support", "quality", "release", "capacity", "forecast", "balance", "account", "storage",
      "backup", "access", "incident", "change", "project", "supplier", "customer", "revenue", "tax"};

  private EnterpriseProse() {
  }

  /** One random sentence: usually from a template, sometimes one of the short closing sentences. */
  static String sentence(SplittableRandom rng) {
    if (rng.nextInt(12) == 0) {
      return SHORT_SENTENCES[rng.nextInt(SHORT_SENTENCES.length)];
    }
    return render(TEMPLATES[rng.nextInt(TEMPLATES.length)], rng);
  }

  /** A random short sentence (typically 2 to 5 tokens). */
  static String shortSentence(SplittableRandom rng) {
    return SHORT_SENTENCES[rng.nextInt(SHORT_SENTENCES.length)];
  }

  static List<String> shortSentences() {
    return List.of(SHORT_SENTENCES);
  }

  static String render(String template, SplittableRandom rng) {
    StringBuilder out = new StringBuilder(template.length() + 96);
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '{') {
        out.append(c);
        i++;
        continue;
      }
      int end = template.indexOf('}', i);
      String slot = template.substring(i + 1, end);
      out.append(fill(slot, rng));
      i = end + 1;
    }
    // Sentence case: the first letter is upper case, the rest stays as written.
    out.setCharAt(0, Character.toUpperCase(out.charAt(0)));
    return out.toString();
  }

  private static String fill(String slot, SplittableRandom rng) {
    switch (slot) {
      case "n":
        return Integer.toString(2 + rng.nextInt(94));
      case "team2":
        return pick("team", rng);
      case "risk2":
        return pick("risk", rng);
      case "time2":
        return new String[] {"January", "the spring", "the last audit", "the migration", "last year",
            "the reorganization", "the previous release", "the outage"}[rng.nextInt(8)];
      case "time3":
        return new String[] {"this year", "next quarter", "before the summer", "by the end of the month",
            "as soon as possible", "after the audit"}[rng.nextInt(6)];
      case "verb2":
        return new String[] {"automating", "tightening", "testing", "documenting", "simplifying",
            "extending"}[rng.nextInt(6)];
      default:
        return pick(slot, rng);
    }
  }

  private static String pick(String slot, SplittableRandom rng) {
    String[] values = SLOTS.get(slot);
    if (values == null) {
      throw new IllegalStateException("template uses unknown slot {" + slot + "}");
    }
    return values[rng.nextInt(values.length)];
  }

  /** Every word (lower case, letters only) the generator can emit: lets tests reject random strings. */
  static Set<String> vocabulary() {
    List<String> texts = new ArrayList<>();
    SLOTS.values().forEach(v -> Collections.addAll(texts, v));
    Collections.addAll(texts, TEMPLATES);
    Collections.addAll(texts, SHORT_SENTENCES);
    Collections.addAll(texts, FILLER_WORDS);
    Collections.addAll(texts, "January", "the spring", "the last audit", "the migration", "last year",
        "the reorganization", "the previous release", "the outage", "this year", "next quarter",
        "before the summer", "by the end of the month", "as soon as possible", "after the audit",
        "automating", "tightening", "testing", "documenting", "simplifying", "extending");
    Set<String> words = new TreeSet<>();
    for (String text : texts) {
      for (String w : text.replaceAll("\\{[a-z0-9]+}", " ").split("[^A-Za-z]+")) {
        if (!w.isEmpty()) {
          words.add(w.toLowerCase(Locale.ROOT));
        }
      }
    }
    return words;
  }
}
