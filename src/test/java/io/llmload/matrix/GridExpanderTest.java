package io.llmload.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GridExpanderTest {
  private static ConfigTemplate template(String label, List<String> command, Map<String, List<String>> grid,
                                        Map<String, String> props) {
    return new ConfigTemplate(label, command, "http://127.0.0.1:{port}", grid.containsKey("gpus")
        ? Map.of("CUDA_VISIBLE_DEVICES", "{gpus}") : Map.of(), props, grid, true, Map.of("entry", 7, "label", 8,
        "command", 9, "grid", 10, "grid.seqs", 11, "grid.tp", 12,
        "grid.gpus", 13));
  }

  @Test
  void everyCombinationFirstParameterSlowestWithEveryPlaceholderFilled() {
    Map<String, List<String>> grid = new LinkedHashMap<>();
    grid.put("seqs", List.of("64", "128"));
    grid.put("tp", List.of("1", "2", "4"));
    grid.put("gpus", List.of("0,1,2,3"));
    List<String> problems = new ArrayList<>();
    List<ServerConfig> out = GridExpander.expand(template("s{seqs}-tp{tp}",
        List.of("vllm", "serve", "m", "--port", "{port}", "--max-num-seqs", "{seqs}", "--tensor-parallel-size", "{tp}",
            "--compilation-config", "{\"level\":3}"),
        grid, Map.of("llm.users", "{seqs}")), problems);
    assertThat(problems).isEmpty();
    assertThat(out).extracting(ServerConfig::label)
        .containsExactly("s64-tp1", "s64-tp2", "s64-tp4", "s128-tp1", "s128-tp2", "s128-tp4");
    ServerConfig c = out.get(4);
    assertThat(c.command()).containsExactly("vllm", "serve", "m", "--port", "{port}", "--max-num-seqs", "128",
        "--tensor-parallel-size", "2", "--compilation-config", "{\"level\":3}");
    assertThat(c.properties()).containsEntry("llm.users", "128");
    assertThat(c.env()).containsEntry("CUDA_VISIBLE_DEVICES", "0,1,2,3");
    assertThat(c.parameters()).containsExactly(Map.entry("seqs", "128"), Map.entry("tp", "2"),
        Map.entry("gpus", "0,1,2,3"));
    assertThat(c.usesPort()).isTrue();
    assertThat(c.line()).isEqualTo(7);
  }

  @Test
  void unknownPlaceholderNamesItsLineAndTheKnownOnes() {
    List<String> problems = new ArrayList<>();
    List<ServerConfig> out = GridExpander.expand(template("s{seqs}", List.of("vllm", "--tp", "{tpp}"),
        Map.of("seqs", List.of("1")), Map.of()), problems);
    assertThat(out).isEmpty();
    assertThat(problems).singleElement().asString()
        .startsWith("line 9: unknown placeholder {tpp} in command").contains("{seqs}").contains("{port}");
  }

  @Test
  void emptyGridAndParameterWithoutValuesAreRefused() {
    List<String> problems = new ArrayList<>();
    GridExpander.expand(template("a", List.of("x", "{port}"), Map.of(), Map.of()), problems);
    assertThat(problems).singleElement().asString().startsWith("line 10: configuration 'a' has an empty grid");
    problems.clear();
    GridExpander.expand(template("s{seqs}", List.of("x", "{seqs}"), Map.of("seqs", List.of()), Map.of()), problems);
    assertThat(problems).singleElement().asString().startsWith("line 11: grid parameter 'seqs'").contains("no values");
  }

  @Test
  void aParameterUsedNowhereIsRefused() {
    List<String> problems = new ArrayList<>();
    GridExpander.expand(template("a", List.of("x"), Map.of("tp", List.of("1", "2")), Map.of()), problems);
    assertThat(problems).singleElement().asString().startsWith("line 12: grid parameter 'tp'").contains("used nowhere");
  }

  @Test
  void noGridGivesOneConfiguration() {
    List<String> problems = new ArrayList<>();
    ConfigTemplate t = new ConfigTemplate("prod", null, "http://gpu:8000", Map.of(), Map.of(), Map.of(), false,
        Map.of("entry", 3));
    assertThat(GridExpander.expand(t, problems)).singleElement()
        .satisfies(c -> {
          assertThat(c.label()).isEqualTo("prod");
          assertThat(c.launched()).isFalse();
          assertThat(c.usesPort()).isFalse();
        });
    assertThat(problems).isEmpty();
  }

  @Test
  void templateKeepsBracesThatAreNotPlaceholders() {
    assertThat(Template.expand("{\"a\": {b}} {port}", Map.of("b", "1"))).isEqualTo("{\"a\": 1} {port}");
    assertThat(Template.withPort("http://127.0.0.1:{port}/x", 8123)).isEqualTo("http://127.0.0.1:8123/x");
  }

  @Test
  void commandLineSplitsLikeAShellWithoutRunningOne() {
    assertThat(CommandLine.split("vllm serve 'a b' --x \"c \\\"d\\\"\" e\\ f  --json '{\"level\": 3}'"))
        .containsExactly("vllm", "serve", "a b", "--x", "c \"d\"", "e f", "--json", "{\"level\": 3}");
  }
}
