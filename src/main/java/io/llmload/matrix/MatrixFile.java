package io.llmload.matrix;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.llmload.config.ConfigException;
import io.llmload.config.DidYouMean;
import io.llmload.config.SettingsCheck;
import io.llmload.metrics.SloPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks a matrix file (YAML or JSON, told by its extension; format in docs/matrix.md). Every problem
 * is collected with its line (unknown keys with the nearest known one, wrong types, an unknown placeholder, an
 * empty grid, a command not found on PATH, duplicate labels, an unknown simulation or setting, a baseline that is
 * not a label) and all are thrown together in one {@link MatrixFileException} before anything starts.
 */
public final class MatrixFile {
  static final Set<String> TOP = Set.of("name", "simulation", "baseline", "properties", "slo", "maxErrorRate",
      "readiness", "stop", "warmupCalls", "runTimeoutSeconds", "configurations");
  static final Set<String> CONFIG = Set.of("label", "command", "baseUrl", "grid", "env", "properties");
  static final Set<String> READINESS = Set.of("timeoutSeconds", "intervalMillis");
  static final Set<String> STOP = Set.of("signal", "command", "graceSeconds");
  /** Settings the matrix sets for each run itself: a matrix file may not set them. */
  static final Set<String> OWN = Set.of("llm.baseUrl", "llm.label", "llm.outputDir", "llm.reportsDir",
      "llm.gatlingResultsDir", "llm.archive", "llm.matrix", "llm.matrix.dryRun");
  static final String SIMULATIONS = "io.llmload.simulations.";
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,59}");

  /** What the checks ask of the machine: whether a simulation class exists, where a program is. */
  public interface Environment {
    boolean simulationExists(String className);

    Optional<Path> which(String program);

    /** This JVM's classes and PATH, programs with a '/' relative to {@code workDir}. */
    static Environment system(Path workDir) {
      return new Environment() {
        @Override
        public boolean simulationExists(String className) {
          try {
            Class.forName(className, false, Thread.currentThread().getContextClassLoader());
            return true;
          } catch (ClassNotFoundException | LinkageError e) {
            return false;
          }
        }

        @Override
        public Optional<Path> which(String program) {
          return CommandLine.which(program, System.getenv("PATH"), workDir);
        }
      };
    }
  }

  private final Path file;
  private final SourceLines lines;
  private final Environment environment;
  private final List<String> problems = new ArrayList<>();

  private MatrixFile(Path file, SourceLines lines, Environment environment) {
    this.file = file;
    this.lines = lines;
    this.environment = environment;
  }

  /** The checked matrix of {@code file}, or a {@link MatrixFileException} listing every problem. */
  public static MatrixSpec read(Path file, Environment environment) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    JsonFactory factory;
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      factory = new YAMLFactory();
    } else if (name.endsWith(".json")) {
      factory = new JsonFactory();
    } else {
      throw new MatrixFileException(file, List.of("line 1: the matrix file must end in .yaml, .yml or .json"));
    }
    factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    if (!Files.isRegularFile(file)) {
      throw new MatrixFileException(file, List.of("line 1: no such file (-Dllm.matrix=" + file + ")"));
    }
    JsonNode root;
    SourceLines lines;
    try {
      String text = Files.readString(file);
      root = new ObjectMapper(factory).readTree(text);
      try (JsonParser p = factory.createParser(text)) {
        lines = SourceLines.of(p);
      }
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
      throw new MatrixFileException(file, List.of("line " + line + ": " + e.getOriginalMessage().lines().findFirst()
          .orElse("not valid " + (factory instanceof YAMLFactory ? "YAML" : "JSON"))));
    } catch (IOException e) {
      throw new MatrixFileException(file, List.of("line 1: cannot read: " + e.getMessage()));
    }
    return new MatrixFile(file, lines, environment).spec(root);
  }

  private MatrixSpec spec(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new MatrixFileException(file, List.of("line 1: the matrix file must be a mapping with 'simulation' and"
          + " 'configurations' (see docs/matrix.md)"));
    }
    keys(root, "", TOP);
    String name = text(root, "/name");
    if (name == null) {
      String f = file.getFileName().toString();
      name = f.contains(".") ? f.substring(0, f.lastIndexOf('.')) : f;
    }
    String simulation = simulation(root);
    Map<String, String> properties = properties(root.path("properties"), "/properties");
    Map<String, String> slo = slo(root.path("slo"));
    double maxErrorRate = number(root, "/maxErrorRate", 0.01, 0, 1);
    JsonNode r = root.path("readiness");
    if (!r.isMissingNode()) {
      object(r, "/readiness");
      keys(r, "/readiness", READINESS);
    }
    MatrixSpec.Readiness readiness = new MatrixSpec.Readiness(number(root, "/readiness/timeoutSeconds", 600, 1, 86400),
        (long) number(root, "/readiness/intervalMillis", 1000, 50, 60_000));
    MatrixSpec.Stop stop = stop(root.path("stop"));
    Integer warmup = root.has("warmupCalls") ? (int) number(root, "/warmupCalls", 0, 0, 10_000) : null;
    long runTimeout = (long) number(root, "/runTimeoutSeconds", 86_400, 1, 7 * 86_400);
    List<ServerConfig> configs = configurations(root.path("configurations"));
    String given = text(root, "/baseline");
    String baseline = given == null && !configs.isEmpty() ? configs.get(0).label() : given;
    if (given != null && configs.stream().noneMatch(c -> c.label().equals(given))) {
      problems.add(at("/baseline") + "baseline '" + baseline + "' is not a configuration's label; the labels are "
          + String.join(", ", configs.stream().map(ServerConfig::label).toList()));
    }
    if (!problems.isEmpty()) {
      throw new MatrixFileException(file, problems);
    }
    return new MatrixSpec(file, name, simulation, baseline, properties, slo, maxErrorRate, readiness, stop, warmup,
        runTimeout, configs);
  }

  private String simulation(JsonNode root) {
    String s = text(root, "/simulation");
    if (s == null) {
      problems.add(at("") + "no 'simulation': name the simulation each configuration runs, e.g. simulation: Smoke"
          + " (io.llmload.simulations.SmokeSimulation) or CapacitySweep");
      return null;
    }
    String cls = s.contains(".") ? s : SIMULATIONS + s + (s.endsWith("Simulation") ? "" : "Simulation");
    if (!environment.simulationExists(cls)) {
      problems.add(at("/simulation") + "simulation " + s + " (class " + cls + ") is not on the classpath; use one of"
          + " Smoke, MixedWorkload, HeavyCall, AgentFlow, CapacitySweep, Conversation, TraceReplay, and run the matrix"
          + " with the test classpath (./mvnw -q test-compile exec:java@matrix)");
    }
    return cls;
  }

  private Map<String, String> properties(JsonNode node, String pointer) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node.isMissingNode()) {
      return out;
    }
    if (!object(node, pointer)) {
      return out;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      String at = at(pointer + "/" + escape(key));
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        problems.add(at + key + " must be a single value");
        continue;
      }
      if (key.startsWith(SloPolicy.PREFIX)) {
        problems.add(at + key + ": give SLOs in the matrix's 'slo' section, so every configuration is judged by the"
            + " same objectives");
      } else if (OWN.contains(key)) {
        problems.add(at + key + " is set by the matrix for each run; remove it");
      } else if (key.equals("llm.apiKey")) {
        problems.add(at + "llm.apiKey does not belong in a file; set LLM_API_KEY in the environment");
      } else if (!key.startsWith("llm.")) {
        problems.add(at + key + ": properties are the runs' llm.* settings (README.md, Settings)");
      } else {
        for (String p : SettingsCheck.problems(List.of(key), List.of())) {
          problems.add(at + p);
        }
      }
      out.put(key, e.getValue().asText());
    }
    return out;
  }

  private Map<String, String> slo(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node.isMissingNode() || !object(node, "/slo")) {
      return out;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String at = at("/slo/" + escape(e.getKey()));
      if (!e.getValue().isNumber()) {
        problems.add(at + "slo " + e.getKey() + " must be a number (milliseconds, or the percentile)");
        continue;
      }
      try {
        SloPolicy.read(Map.of(SloPolicy.PREFIX + e.getKey(), e.getValue().asText()));
        out.put(SloPolicy.PREFIX + e.getKey(), e.getValue().asText());
      } catch (ConfigException ex) {
        problems.add(at + ex.getMessage().replace(SloPolicy.PREFIX, "slo: "));
      }
    }
    return out;
  }

  private MatrixSpec.Stop stop(JsonNode node) {
    if (!node.isMissingNode() && object(node, "/stop")) {
      keys(node, "/stop", STOP);
    }
    String signal = text(node, "/signal", "/stop/signal");
    if (signal == null) {
      signal = "TERM";
    } else {
      signal = signal.toUpperCase(Locale.ROOT).replaceFirst("^SIG", "");
      if (!signal.equals("TERM") && !signal.equals("KILL")) {
        problems.add(at("/stop/signal") + "stop signal " + node.path("signal").asText() + " is not supported; use TERM"
            + " (then KILL after graceSeconds) or KILL");
      }
    }
    List<String> command = null;
    if (node.has("command")) {
      command = command(node.get("command"), "/stop/command");
      if (command != null) {
        for (String arg : command) {
          for (String n : Template.names(arg)) {
            if (!n.equals(Template.PORT)) {
              problems.add(at("/stop/command") + "unknown placeholder {" + n + "} in the stop command; only {port} is"
                  + " known there");
            }
          }
        }
        programFound(command, "/stop/command", "the stop command");
      }
    }
    double grace = number(node, "/graceSeconds", "/stop/graceSeconds", 30, 0, 3600);
    return new MatrixSpec.Stop(command, signal, grace);
  }

  private List<ServerConfig> configurations(JsonNode node) {
    if (node.isMissingNode()) {
      problems.add(at("") + "no 'configurations': list the servers to compare, each with a label and a command or"
          + " a baseUrl");
      return List.of();
    }
    if (!node.isArray() || node.isEmpty()) {
      problems.add(at("/configurations") + "'configurations' must be a non-empty list");
      return List.of();
    }
    List<ServerConfig> out = new ArrayList<>();
    Map<String, Integer> labelLines = new HashMap<>();
    for (int i = 0; i < node.size(); i++) {
      String p = "/configurations/" + i;
      JsonNode c = node.get(i);
      if (!object(c, p)) {
        continue;
      }
      keys(c, p, CONFIG);
      ConfigTemplate t = template(c, p);
      if (t == null) {
        continue;
      }
      for (ServerConfig s : GridExpander.expand(t, problems)) {
        int line = t.line("label");
        if (!LABEL.matcher(s.label()).matches()) {
          problems.add("line " + line + ": label '" + s.label() + "' must be 1-60 letters, digits, '.', '_' or '-'"
              + " (it names the run folder), starting with a letter or digit");
        }
        Integer first = labelLines.putIfAbsent(s.label(), line);
        if (first != null) {
          problems.add("line " + line + ": label '" + s.label() + "' is used twice (also line " + first + ");"
              + " labels name the runs: make each unique (a grid's label needs every parameter, e.g. seqs-{seqs})");
        }
        out.add(s);
      }
    }
    return out;
  }

  private ConfigTemplate template(JsonNode c, String p) {
    Map<String, Integer> partLines = new HashMap<>();
    partLines.put("entry", lines.line(p));
    for (String part : List.of("label", "command", "baseUrl", "grid")) {
      partLines.put(part, lines.line(p + "/" + part));
    }
    String label = text(c, "/label", p + "/label");
    if (label == null) {
      problems.add(at(p) + "a configuration needs a label");
      return null;
    }
    List<String> command = c.has("command") ? command(c.get("command"), p + "/command") : null;
    String baseUrl = text(c, "/baseUrl", p + "/baseUrl");
    if (command == null && baseUrl == null) {
      problems.add(at(p) + "configuration '" + label + "' needs a command (a server to start) or a baseUrl (a server"
          + " already running)");
      return null;
    }
    if (command != null && baseUrl == null
        && command.stream().noneMatch(a -> Template.names(a).contains(Template.PORT))) {
      problems.add(at(p + "/command") + "configuration '" + label + "': give baseUrl (where the started server"
          + " answers) or put {port} in the command (a free port; baseUrl is then http://127.0.0.1:{port})");
      return null;
    }
    if (command == null && Template.names(baseUrl).contains(Template.PORT)) {
      problems.add(at(p + "/baseUrl") + "configuration '" + label + "': {port} needs a command that starts the server"
          + " on it");
      return null;
    }
    if (baseUrl == null) {
      baseUrl = "http://127.0.0.1:{" + Template.PORT + "}";
    }
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode envNode = c.path("env");
    if (!envNode.isMissingNode() && object(envNode, p + "/env")) {
      envNode.fields().forEachRemaining(e -> {
        partLines.put("env." + e.getKey(), lines.line(p + "/env/" + escape(e.getKey())));
        if (!e.getValue().isValueNode() || e.getValue().isNull()) {
          problems.add(at(p + "/env/" + escape(e.getKey())) + "env " + e.getKey() + " must be a single value");
        } else {
          env.put(e.getKey(), e.getValue().asText());
        }
      });
    }
    Map<String, String> props = properties(c.path("properties"), p + "/properties");
    props.keySet().forEach(k -> partLines.put("properties." + k, lines.line(p + "/properties/" + escape(k))));
    Map<String, List<String>> grid = new LinkedHashMap<>();
    JsonNode g = c.path("grid");
    boolean gridGiven = !g.isMissingNode();
    if (gridGiven && object(g, p + "/grid")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = g.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String gp = p + "/grid/" + escape(e.getKey());
        partLines.put("grid." + e.getKey(), lines.line(gp));
        List<String> values = new ArrayList<>();
        if (e.getValue().isArray()) {
          for (JsonNode v : e.getValue()) {
            if (v.isValueNode() && !v.isNull()) {
              values.add(v.asText());
            } else {
              problems.add(at(gp) + "grid parameter " + e.getKey() + ": values must be numbers or text");
            }
          }
        } else if (e.getValue().isValueNode() && !e.getValue().isNull()) {
          values.add(e.getValue().asText());
        } else {
          problems.add(at(gp) + "grid parameter " + e.getKey() + " must be a list of values");
        }
        if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
          problems.add(at(gp) + "grid parameter '" + e.getKey() + "' must be a name of letters, digits and '_'");
        }
        grid.put(e.getKey(), values);
      }
    }
    ConfigTemplate t = new ConfigTemplate(label, command, baseUrl, env, props, grid, gridGiven, partLines);
    if (command != null && !command.isEmpty()) {
      String program = command.get(0);
      if (Template.names(program).isEmpty() || program.contains("{" + Template.PORT + "}")) {
        programFound(command, p + "/command", "configuration '" + label + "'");
      } else {
        // the program itself comes from the grid: checked per expanded configuration
        for (ServerConfig s : GridExpander.expand(t, new ArrayList<>())) {
          programFound(s.command(), p + "/command", "configuration '" + s.label() + "'");
        }
      }
    }
    return t;
  }

  private List<String> command(JsonNode node, String pointer) {
    List<String> out = new ArrayList<>();
    if (node.isTextual()) {
      try {
        out.addAll(CommandLine.split(node.asText()));
      } catch (IllegalArgumentException e) {
        problems.add(at(pointer) + e.getMessage());
        return null;
      }
    } else if (node.isArray()) {
      for (JsonNode a : node) {
        if (!a.isValueNode() || a.isNull()) {
          problems.add(at(pointer) + "a command given as a list must hold text only");
          return null;
        }
        out.add(a.asText());
      }
    } else {
      problems.add(at(pointer) + "a command is a string (split like a shell would, no shell is run) or a list of"
          + " arguments");
      return null;
    }
    if (out.isEmpty()) {
      problems.add(at(pointer) + "the command is empty");
      return null;
    }
    return out;
  }

  private void programFound(List<String> command, String pointer, String what) {
    String program = command.get(0);
    if (environment.which(program).isEmpty()) {
      problems.add(at(pointer) + "command '" + program + "' of " + what + (program.contains("/")
          ? " is not an executable file" : " is not found on PATH") + "; install it or give its full path");
    }
  }

  private void keys(JsonNode node, String pointer, Set<String> known) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) {
        String near = DidYouMean.nearest(k, known);
        problems.add(at(pointer + "/" + escape(k)) + "unknown key '" + k + "'" + (near == null ? "" : "; did you mean '"
            + near + "'?") + " (known here: " + String.join(", ", known.stream().sorted().toList()) + ")");
      }
    }
  }

  private boolean object(JsonNode node, String pointer) {
    if (!node.isObject()) {
      problems.add(at(pointer) + (pointer.isEmpty() ? "the file" : pointer.substring(pointer.lastIndexOf('/') + 1))
          + " must be a mapping of keys to values");
      return false;
    }
    return true;
  }

  private String text(JsonNode root, String pointer) {
    JsonNode n = root.at(pointer);
    if (n.isMissingNode() || n.isNull()) {
      return null;
    }
    if (!n.isValueNode()) {
      problems.add(at(pointer) + pointer.substring(pointer.lastIndexOf('/') + 1) + " must be a single value");
      return null;
    }
    return n.asText();
  }

  /** A value under {@code node} at {@code relative}, reported at {@code absolute}. */
  private String text(JsonNode node, String relative, String absolute) {
    JsonNode n = node.at(relative);
    if (n.isMissingNode() || n.isNull()) {
      return null;
    }
    if (!n.isValueNode()) {
      problems.add(at(absolute) + absolute.substring(absolute.lastIndexOf('/') + 1) + " must be a single value");
      return null;
    }
    return n.asText();
  }

  private double number(JsonNode root, String pointer, double defaultValue, double min, double max) {
    return number(root, pointer, pointer, defaultValue, min, max);
  }

  private double number(JsonNode node, String relative, String absolute, double defaultValue, double min, double max) {
    JsonNode n = node.at(relative);
    if (n.isMissingNode() || n.isNull()) {
      return defaultValue;
    }
    String key = absolute.substring(absolute.lastIndexOf('/') + 1);
    if (!n.isNumber() || !(n.asDouble() >= min && n.asDouble() <= max)) {
      problems.add(at(absolute) + key + "=" + n.asText() + " must be a number from " + plain(min) + " to "
          + plain(max));
      return defaultValue;
    }
    return n.asDouble();
  }

  private static String plain(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  private String at(String pointer) {
    return "line " + lines.line(pointer) + ": ";
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
