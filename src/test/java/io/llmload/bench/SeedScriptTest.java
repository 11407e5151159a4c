package io.llmload.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedScriptTest {
  private static final String FIXTURE = """
      Some prose about the tester.

      ⸻

      llm_loadtest.py

      #!/usr/bin/env python3
      import httpx
      import json

      def parse(data):
          choice = data.get("choices", [{}])[0]
          return choice

      Usage

      python llm_loadtest.py --users 200
      """;

  @Test
  void extractsTheScriptBetweenItsNameAndUsage() {
    String script = SeedScript.extract(FIXTURE);
    assertThat(script).startsWith("#!/usr/bin/env python3\n").endsWith("return choice\n")
        .doesNotContain("Usage").doesNotContain("prose").doesNotContain("--users 200");
  }

  @Test
  void patchReplacesExactlyTheLineThatCrashesOnTheUsageChunk() {
    String patched = SeedScript.patch(SeedScript.extract(FIXTURE));
    assertThat(patched).contains("    choice = (data.get(\"choices\") or [{}])[0]\n")
        .doesNotContain("data.get(\"choices\", [{}])[0]");
    assertThat(patched.lines().count()).isEqualTo(SeedScript.extract(FIXTURE).lines().count());
  }

  @Test
  void failsClearlyWhenTheLineToFixIsMissing() {
    String script = SeedScript.extract(FIXTURE).replace("choice = data.get(\"choices\", [{}])[0]", "choice = data[\"choices\"][0]");
    assertThatThrownBy(() -> SeedScript.patch(script)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot apply the usage-chunk fix").hasMessageContaining("choice = data.get(\"choices\", [{}])[0]");
  }

  @Test
  void failsClearlyWithoutTheMarkers() {
    assertThatThrownBy(() -> SeedScript.extract("no script here\nUsage\n")).hasMessageContaining("llm_loadtest.py");
    assertThatThrownBy(() -> SeedScript.extract("llm_loadtest.py\nimport httpx\n")).hasMessageContaining("Usage");
  }

  @Test
  void theRealSeedFilePatchesWhenItIsPresent(@TempDir Path tmp) throws Exception {
    Path seed = Path.of(System.getProperty("bench.seedFile", "../shared/seed/llm_loadtest_seed.md"));
    Assumptions.assumeTrue(Files.isRegularFile(seed), "no seed file at " + seed.toAbsolutePath());
    Path out = SeedScript.write(seed, tmp.resolve("llm_loadtest.py"));
    String script = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(script).startsWith("#!/usr/bin/env python3").contains("import httpx").contains("asyncio.run(main())")
        .contains(SeedScript.FIXED_LINE).doesNotContain(SeedScript.BROKEN_LINE)
        .contains("out_csv = \"llm_load_results.csv\"");
  }
}
