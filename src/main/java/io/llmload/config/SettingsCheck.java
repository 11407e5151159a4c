package io.llmload.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Refuses unknown settings before any load: a mistyped -Dllm.user or LLM_USER would otherwise be
 * ignored and the run would quietly use the default. Judges only our keys (llm.*, sim.*, compare.*,
 * merge.*) and LLM_* environment variables; each unknown one is named with the nearest known key.
 */
public final class SettingsCheck {
  private SettingsCheck() {
  }

  /** What is wrong with these -D keys and environment variable names, one line each; empty when all are known. */
  public static List<String> problems(Collection<String> properties, Collection<String> environment) {
    List<String> out = new ArrayList<>();
    for (String key : new TreeSet<>(properties)) {
      String problem = propertyProblem(key);
      if (problem != null) {
        out.add(problem);
      }
    }
    for (String name : new TreeSet<>(environment)) {
      String problem = environmentProblem(name);
      if (problem != null) {
        out.add(problem);
      }
    }
    return out;
  }

  /** Throws a {@link ConfigException} listing every unknown setting. */
  public static void check(Collection<String> properties, Collection<String> environment) {
    List<String> problems = problems(properties, environment);
    if (!problems.isEmpty()) {
      throw new ConfigException((problems.size() == 1 ? "" : problems.size() + " unknown settings: ")
          + String.join("; ", problems) + " (every setting is listed in README.md)");
    }
  }

  static String propertyProblem(String key) {
    if (!SettingKeys.isOurs(key) || SettingKeys.KEYS.contains(key)) {
      return null;
    }
    if (SettingKeys.familyOf(key) != null) {
      String problem = FamilyGrammar.problem(key);
      return problem == null ? null : "-D" + problem;
    }
    String nearest = DidYouMean.nearest(key, candidates());
    return "-D" + key + " is not a setting" + (nearest == null ? "" : "; did you mean -D" + nearest + "?");
  }

  static String environmentProblem(String name) {
    if (!name.startsWith(SettingKeys.ENV_PREFIX) || SettingKeys.keyOfEnvironment(name) != null) {
      return null;
    }
    for (String family : SettingKeys.FAMILIES) {
      if (name.startsWith(Settings.envName(family))) {
        return "environment variable " + name + " is not read: " + family + "* settings are read from -D only";
      }
    }
    String nearest = DidYouMean.nearest(name, SettingKeys.environmentNames());
    return "environment variable " + name + " is not a setting" + (nearest == null ? ""
        : "; did you mean " + nearest + " (-D" + SettingKeys.keyOfEnvironment(nearest) + ")?");
  }

  /** The keys a mistyped one is compared with: every single-valued key and the families' plain forms. */
  private static List<String> candidates() {
    List<String> out = new ArrayList<>(SettingKeys.KEYS);
    for (String metric : FamilyGrammar.SLO_METRICS) {
      out.add(FamilyGrammar.SLO + metric);
    }
    out.add(FamilyGrammar.SLO + "percentile");
    for (String name : FamilyGrammar.assertionNames()) {
      out.add(FamilyGrammar.ASSERT + name);
    }
    for (String name : FamilyGrammar.regressionNames()) {
      out.add(FamilyGrammar.REGRESSION + name);
    }
    return out;
  }
}
