package io.llmload.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.llmload.config.Redaction;
import io.llmload.config.SettingKeys;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * No cluster runs here, so the manifests of k8s/ are held to the sharding contract by reading them: an Indexed
 * Job whose N (completions = parallelism) is the N of -Dllm.shard, the completion index wired to llm.shard, one
 * llm.runId shared with the merge Job, the API key only from a Secret, and the results volume mounted where the
 * injectors write and the merge reads. The Dockerfile is checked for what the manifests rely on.
 */
class K8sManifestsTest {
  private static final Path K8S = Path.of("k8s");
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final Pattern SHARD = Pattern.compile("-Dllm\\.shard=\\$\\{JOB_COMPLETION_INDEX\\}/(\\d+)(\\s|$)");

  private static JsonNode read(String file) throws Exception {
    return YAML.readTree(K8S.resolve(file).toFile());
  }

  private static JsonNode container(JsonNode job) {
    JsonNode containers = job.path("spec").path("template").path("spec").path("containers");
    assertThat(containers.size()).as("one container").isEqualTo(1);
    return containers.get(0);
  }

  /** The container's command line as the shell gets it (command + args joined). */
  private static String commandLine(JsonNode container) {
    List<String> words = new ArrayList<>();
    container.path("command").forEach(w -> words.add(w.asText()));
    container.path("args").forEach(w -> words.add(w.asText()));
    return String.join(" ", words);
  }

  private static JsonNode env(JsonNode container, String name) {
    for (JsonNode e : container.path("env")) {
      if (e.path("name").asText().equals(name)) {
        return e;
      }
    }
    throw new AssertionError("no env " + name + " in " + container.path("name").asText());
  }

  private static String option(String commandLine, String key) {
    Matcher m = Pattern.compile("-D" + Pattern.quote(key) + "=(\\S+)").matcher(commandLine);
    assertThat(m.find()).as("-D%s in %s", key, commandLine).isTrue();
    return m.group(1);
  }

  @Test
  void theInjectorsAreAnIndexedJobWhoseIndexIsTheShard() throws Exception {
    JsonNode job = read("injectors-job.yaml");
    assertThat(job.path("apiVersion").asText()).isEqualTo("batch/v1");
    assertThat(job.path("kind").asText()).isEqualTo("Job");
    JsonNode spec = job.path("spec");
    assertThat(spec.path("completionMode").asText()).isEqualTo("Indexed");
    int completions = spec.path("completions").asInt();
    assertThat(completions).isGreaterThan(1);
    assertThat(spec.path("parallelism").asInt()).as("every injector at once").isEqualTo(completions);
    assertThat(spec.path("template").path("spec").path("restartPolicy").asText()).isEqualTo("Never");

    JsonNode c = container(job);
    String line = commandLine(c);
    // a shell runs the line, so ${JOB_COMPLETION_INDEX} (set by Kubernetes in every pod) is expanded
    assertThat(c.path("command").get(0).asText()).isEqualTo("sh");
    Matcher shard = SHARD.matcher(line);
    assertThat(shard.find()).as("-Dllm.shard=${JOB_COMPLETION_INDEX}/N in %s", line).isTrue();
    assertThat(Integer.parseInt(shard.group(1))).as("N of -Dllm.shard = completions").isEqualTo(completions);
    assertThat(shard.find()).as("one shard option").isFalse();
  }

  @Test
  void theRunIdIsSharedAndTheMergeReadsWhereTheInjectorsWrite() throws Exception {
    JsonNode injectors = container(read("injectors-job.yaml"));
    JsonNode merge = container(read("merge-job.yaml"));
    String injectorLine = commandLine(injectors);
    String mergeLine = commandLine(merge);
    assertThat(option(injectorLine, "llm.runId")).isEqualTo("${RUN_ID}");
    String runId = env(injectors, "RUN_ID").path("value").asText();
    assertThat(runId).isNotBlank();
    assertThat(env(merge, "RUN_ID").path("value").asText()).as("the merge merges the injectors' run").isEqualTo(runId);

    String outputDir = option(injectorLine, "llm.outputDir");
    String mergeRuns = option(mergeLine, "merge.runs");
    assertThat(mergeRuns).as("merge.runs is the folder the shards write to").isEqualTo(outputDir);
    assertThat(outputDir).as("one folder per run id").endsWith("/${RUN_ID}");
    assertThat(injectorLine).as("one schedule origin for every shard when START_AT is set")
        .contains("${START_AT:+-Dllm.startAt=$START_AT}");
    env(injectors, "START_AT");
    assertThat(mergeLine).contains(" merge ");
    assertThat(option(mergeLine, "merge.out")).isNotEqualTo(mergeRuns)
        .doesNotStartWith(mergeRuns + "/"); // a merged folder inside the shards' folder would count as a shard

    JsonNode pvc = read("results-pvc.yaml");
    assertThat(pvc.path("kind").asText()).isEqualTo("PersistentVolumeClaim");
    assertThat(pvc.path("spec").path("accessModes").toString()).as("injectors on several nodes").contains("ReadWriteMany");
    String claim = pvc.path("metadata").path("name").asText();
    for (String file : List.of("injectors-job.yaml", "merge-job.yaml")) {
      JsonNode job = read(file);
      String mountPath = mountOf(job, claim);
      assertThat(outputDir).as("%s mounts the results volume above the run folder", file).startsWith(mountPath + "/");
    }
  }

  /** Where {@code job}'s container mounts the volume backed by {@code claim}. */
  private static String mountOf(JsonNode job, String claim) {
    String volume = null;
    for (JsonNode v : job.path("spec").path("template").path("spec").path("volumes")) {
      if (v.path("persistentVolumeClaim").path("claimName").asText().equals(claim)) {
        volume = v.path("name").asText();
      }
    }
    assertThat(volume).as("a volume of claim %s", claim).isNotNull();
    for (JsonNode m : container(job).path("volumeMounts")) {
      if (m.path("name").asText().equals(volume)) {
        return m.path("mountPath").asText();
      }
    }
    throw new AssertionError("volume " + volume + " is not mounted");
  }

  @Test
  void theKeyComesFromASecretAndIsNeverWrittenInAManifest() throws Exception {
    JsonNode key = env(container(read("injectors-job.yaml")), "LLM_API_KEY");
    assertThat(key.has("value")).as("no literal key").isFalse();
    assertThat(key.path("valueFrom").path("secretKeyRef").path("name").asText()).isNotBlank();
    assertThat(key.path("valueFrom").path("secretKeyRef").path("key").asText()).isNotBlank();
    try (var files = Files.list(K8S)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        for (JsonNode doc : YAML.readValues(new YAMLFactory().createParser(file.toFile()), JsonNode.class).readAll()) {
          for (JsonNode c : doc.path("spec").path("template").path("spec").path("containers")) {
            for (JsonNode e : c.path("env")) {
              if (Redaction.isSecretKey(e.path("name").asText().toLowerCase())) {
                assertThat(e.has("value")).as("%s: %s has a literal value", file, e.path("name").asText()).isFalse();
              }
            }
            assertThat(commandLine(c) + c.path("env")).as(file.toString()).doesNotContain("llm.apiKey");
            for (JsonNode e : c.path("env")) {
              String name = e.path("name").asText();
              // the suite refuses an LLM_* variable that is not a setting's environment twin
              if (name.startsWith(SettingKeys.ENV_PREFIX)) {
                assertThat(SettingKeys.keyOfEnvironment(name)).as("%s: %s is a setting", file, name).isNotNull();
              }
            }
          }
        }
      }
    }
  }

  @Test
  void theKustomizationListsExistingFilesAndKubectlRendersItOffline() throws Exception {
    JsonNode k = read("kustomization.yaml");
    List<String> resources = new ArrayList<>();
    k.path("resources").forEach(r -> resources.add(r.asText()));
    assertThat(resources).contains("results-pvc.yaml", "injectors-job.yaml");
    for (String r : resources) {
      assertThat(K8S.resolve(r)).exists();
    }
    // `kubectl apply --dry-run=client` and `kubectl create --dry-run=client` need a cluster's API discovery
    // (they fail offline, even with --validate=false); `kubectl kustomize` does not, and parses every file
    String kubectl = onPath("kubectl");
    Assumptions.assumeTrue(kubectl != null, "kubectl is not installed on this machine: the render check is skipped");
    Process p = new ProcessBuilder(kubectl, "kustomize", K8S.toString()).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize within 60 s").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    List<String> kinds = new ArrayList<>();
    for (JsonNode doc : YAML.readValues(new YAMLFactory().createParser(out), JsonNode.class).readAll()) {
      kinds.add(doc.path("kind").asText());
    }
    assertThat(kinds).containsExactlyInAnyOrder("PersistentVolumeClaim", "Job");
  }

  @Test
  void theImageIsBuiltInStagesOnJdk17AndRunsGatlingOffline() throws Exception {
    String dockerfile = Files.readString(Path.of("Dockerfile"));
    List<String> froms = new ArrayList<>();
    Matcher from = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(dockerfile);
    while (from.find()) {
      froms.add(from.group(1));
    }
    assertThat(froms).hasSizeGreaterThanOrEqualTo(2).allMatch(image -> image.startsWith("eclipse-temurin:17"));
    assertThat(dockerfile).contains("dependency:go-offline").contains("ENTRYPOINT [\"/usr/local/bin/llm-loadtest\"]")
        .containsPattern("(?m)^USER (?!root)");
    String entrypoint = Files.readString(Path.of("docker/entrypoint.sh"));
    Process syntax = new ProcessBuilder("sh", "-n", "docker/entrypoint.sh").redirectErrorStream(true).start();
    assertThat(syntax.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(syntax.exitValue()).as(new String(syntax.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isZero();
    assertThat(Files.isExecutable(Path.of("docker/entrypoint.sh"))).as("entrypoint.sh is executable").isTrue();
    assertThat(entrypoint).contains("./mvnw -B -o gatling:test ${LOADTEST_OPTS:-} \"$@\"")
        .contains("exec:java@merge");
    for (String file : List.of("injectors-job.yaml", "merge-job.yaml")) {
      assertThat(commandLine(container(read(file)))).as(file).contains("/usr/local/bin/llm-loadtest");
    }
  }

  private static String onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }
}
