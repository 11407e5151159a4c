package io.llmload.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Java rules of .editorconfig, checked by the build: spaces not tabs, a two-space indent step (the first
 * member of every top-level type sits two spaces in), no trailing white space, LF line ends, a final newline.
 */
class SourceFormatTest {

  @Test
  void everyJavaFileFollowsTheEditorConfig() throws IOException {
    List<String> problems = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Path.of("src"))) {
      files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    assertThat(files).as("Java sources under src/").hasSizeGreaterThan(100);
    for (Path file : files) {
      problems.addAll(problems(file, Files.readString(file, StandardCharsets.UTF_8)));
    }
    assertThat(problems).as("format problems (see .editorconfig)").isEmpty();
  }

  @Test
  void aFourSpaceFileIsCaught() {
    String fourSpaces = "package x;\n\nfinal class A {\n    int a;\n}\n";
    assertThat(problems(Path.of("A.java"), fourSpaces)).singleElement().asString().contains("indent step");
    assertThat(problems(Path.of("B.java"), "class B {\n\tint b; \n}")).hasSize(4);
  }

  static List<String> problems(Path file, String text) {
    List<String> out = new ArrayList<>();
    if (text.indexOf('\r') >= 0) {
      out.add(file + ": CR line ends (use LF)");
    }
    if (!text.endsWith("\n")) {
      out.add(file + ": no final newline");
    }
    String[] lines = text.split("\n", -1);
    boolean inType = false;
    boolean firstMemberSeen = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.indexOf('\t') >= 0) {
        out.add(file + ":" + (i + 1) + ": tab (indent with spaces)");
      }
      if (!line.isEmpty() && Character.isWhitespace(line.charAt(line.length() - 1))) {
        out.add(file + ":" + (i + 1) + ": trailing white space");
      }
      if (!inType && line.matches("^(public |final |abstract |sealed |non-sealed )*(class|record|interface|enum|@interface) .*\\{\\s*$")) {
        inType = true;
        continue;
      }
      if (inType && !firstMemberSeen && !line.isBlank()) {
        firstMemberSeen = true;
        int indent = line.length() - line.stripLeading().length();
        if (indent != 2 && !line.strip().equals("}")) {
          out.add(file + ":" + (i + 1) + ": first member indented " + indent + " spaces (indent step is 2)");
        }
      }
    }
    return out;
  }
}
