package io.llmload.matrix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Expands a configuration's parameter grid into configurations: one per combination of the parameters' values
 * (the cartesian product, the first parameter varying slowest), each with every {@code {name}} placeholder of its
 * label, command, base URL, environment and properties replaced. Problems of the template (an unknown
 * placeholder, an empty grid or parameter, a parameter used nowhere, a reserved name) are collected with their
 * line, and nothing is expanded from a template that has one.
 */
public final class GridExpander {
  private GridExpander() {
  }

  /** The configurations of one template; problems are added to {@code problems} ("line N: …"). */
  public static List<ServerConfig> expand(ConfigTemplate t, List<String> problems) {
    int before = problems.size();
    String where = "configuration '" + t.label() + "'";
    if (t.gridGiven() && t.grid().isEmpty()) {
      problems.add("line " + t.line("grid") + ": " + where + " has an empty grid; give each parameter a list of"
          + " values (grid: {seqs: [64, 128]}) or remove the grid");
    }
    for (Map.Entry<String, List<String>> p : t.grid().entrySet()) {
      if (p.getKey().equals(Template.PORT)) {
        problems.add("line " + t.line("grid." + p.getKey()) + ": grid parameter 'port' is reserved: {port} is a free"
            + " port chosen when the server starts; rename the parameter");
      }
      if (p.getValue().isEmpty()) {
        problems.add("line " + t.line("grid." + p.getKey()) + ": grid parameter '" + p.getKey() + "' of " + where
            + " has no values; list at least one");
      }
    }
    Set<String> used = new LinkedHashSet<>();
    check(t.label(), "label", t, used, problems);
    if (t.command() != null) {
      for (String arg : t.command()) {
        check(arg, "command", t, used, problems);
      }
    }
    if (t.baseUrl() != null) {
      check(t.baseUrl(), "baseUrl", t, used, problems);
    }
    t.env().forEach((k, v) -> check(v, "env." + k, t, used, problems));
    t.properties().forEach((k, v) -> check(v, "properties." + k, t, used, problems));
    for (String p : t.grid().keySet()) {
      if (!used.contains(p)) {
        problems.add("line " + t.line("grid." + p) + ": grid parameter '" + p + "' of " + where + " is used nowhere;"
            + " put {" + p + "} in the label and the command (or a property)");
      }
    }
    if (problems.size() > before) {
      return List.of();
    }
    List<ServerConfig> out = new ArrayList<>();
    for (Map<String, String> values : combinations(t.grid())) {
      List<String> command = t.command() == null ? null
          : t.command().stream().map(a -> Template.expand(a, values)).toList();
      Map<String, String> env = new LinkedHashMap<>();
      t.env().forEach((k, v) -> env.put(k, Template.expand(v, values)));
      Map<String, String> props = new LinkedHashMap<>();
      t.properties().forEach((k, v) -> props.put(k, Template.expand(v, values)));
      String baseUrl = t.baseUrl() == null ? null : Template.expand(t.baseUrl(), values);
      out.add(new ServerConfig(Template.expand(t.label(), values), t.line("entry"), command, baseUrl, env, props,
          values));
    }
    return out;
  }

  private static void check(String text, String part, ConfigTemplate t, Set<String> used, List<String> problems) {
    for (String name : Template.names(text)) {
      if (t.grid().containsKey(name)) {
        used.add(name);
      } else if (!name.equals(Template.PORT)) {
        problems.add("line " + t.line(part) + ": unknown placeholder {" + name + "} in " + part + " of configuration '"
            + t.label() + "'; " + (t.grid().isEmpty() ? "it has no grid" : "its grid has "
            + String.join(", ", t.grid().keySet().stream().map(n -> "{" + n + "}").toList()))
            + " and the built-in {port}");
      }
    }
  }

  /** Every combination of the values, first parameter slowest; one empty combination without parameters. */
  static List<Map<String, String>> combinations(Map<String, List<String>> grid) {
    List<Map<String, String>> out = new ArrayList<>();
    out.add(new LinkedHashMap<>());
    for (Map.Entry<String, List<String>> p : grid.entrySet()) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> partial : out) {
        for (String v : p.getValue()) {
          Map<String, String> m = new LinkedHashMap<>(partial);
          m.put(p.getKey(), v);
          next.add(m);
        }
      }
      out = next;
    }
    return out.stream().map(java.util.Collections::unmodifiableMap).toList();
  }
}
