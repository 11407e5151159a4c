package io.llmload.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The one name of a run's folder, {@code <yyyyMMdd-HHmmss>-<label>} with the start time in UTC and the label
 * reduced to safe file-name characters: the run folder under llm.outputDir and its archive under reports/
 * carry the same name ({@link #create} adds -2, -3… only when the name is taken).
 */
public final class RunFolderName {
  /** Longest label kept in a folder name, so a long llm.label cannot exceed a file system's name limit. */
  public static final int MAX_LABEL = 60;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private RunFolderName() {
  }

  public static String of(Instant start, String label) {
    return TIME.format(start) + "-" + safeLabel(label);
  }

  /**
   * Creates and returns a new, empty folder {@code parent/<of(start, label)>}, adding -2, -3… when the name
   * is taken: the folder is created atomically, so two runs (or archives) started in the same second with
   * the same label never share a folder.
   */
  public static Path create(Path parent, Instant start, String label) {
    String base = of(start, label);
    try {
      Files.createDirectories(parent);
      for (int n = 1; n <= 10_000; n++) {
        Path candidate = parent.resolve(n == 1 ? base : base + "-" + n);
        try {
          return Files.createDirectory(candidate);
        } catch (FileAlreadyExistsException taken) {
          // try the next suffix
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a folder for the run under " + parent.toAbsolutePath() + ": "
          + e.getMessage(), e);
    }
    throw new IllegalStateException("no free folder name for " + base + " under " + parent.toAbsolutePath());
  }

  /** The start time a folder's name carries, or null when the name does not begin with one. */
  public static Instant start(String folderName) {
    if (folderName == null || folderName.length() < 15) {
      return null;
    }
    try {
      return TIME.parse(folderName.substring(0, 15), Instant::from);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Letters, digits, '.', '_' and '-' kept; any other run of characters becomes one '-'; no leading or
   * trailing '-' or '.' (so no "..", no hidden folder); at most {@link #MAX_LABEL} characters; "run" if
   * nothing is left.
   */
  public static String safeLabel(String label) {
    String s = label == null ? "" : label.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("-{2,}", "-");
    s = s.replaceAll("^[-.]+", "").replaceAll("[-.]+$", "");
    if (s.length() > MAX_LABEL) {
      s = s.substring(0, MAX_LABEL).replaceAll("[-.]+$", "");
    }
    return s.isEmpty() ? "run" : s;
  }
}
