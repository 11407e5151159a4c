package io.llmload.run;

import java.io.BufferedWriter;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every whole output file (summaries, run.json, reports, JUnit XML) is written through here: the content
 * goes to a temporary file in the same folder, is forced to disk, and is then renamed over the target
 * (ATOMIC_MOVE). A reader therefore sees the previous file or the new one, never a truncated one, even
 * when the writer is killed or the disk fills up mid-write; on failure the temporary file is removed.
 */
public final class AtomicFiles {
  /** Writes the content to the writer it is given (UTF-8); may throw to abandon the file. */
  @FunctionalInterface
  public interface Content {
    void writeTo(Writer out) throws IOException;
  }

  /** Opens the temporary file's stream; tests replace it to fail mid-write as a full disk would. */
  @FunctionalInterface
  interface StreamOpener {
    OutputStream open(OutputStream file) throws IOException;
  }

  private AtomicFiles() {
  }

  /** Replaces {@code file} with {@code text} (UTF-8), creating its folder when needed; returns the file. */
  public static Path write(Path file, String text) {
    return write(file, out -> out.write(text));
  }

  /** Replaces {@code file} with what {@code content} writes (UTF-8), creating its folder when needed. */
  public static Path write(Path file, Content content) {
    return write(file, content, s -> s);
  }

  static Path write(Path file, Content content, StreamOpener opener) {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = createTemp(dir, target.getFileName().toString());
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        Writer out = new BufferedWriter(new OutputStreamWriter(opener.open(Channels.newOutputStream(channel)),
            StandardCharsets.UTF_8));
        content.writeTo(new FilterWriter(out) {
          @Override
          public void close() throws IOException {
            flush(); // a content writer (Jackson) may close what it is given; the file is closed here
          }
        });
        out.flush();
        channel.force(true);
      }
      move(tmp, target);
      tmp = null;
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the write already failed; a stray .tmp file is harmless
        }
      }
    }
  }

  /** Whether {@code file} is a temporary file of this class (left behind when its writer was killed). */
  public static boolean isTemporary(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith(".") && name.endsWith(".tmp");
  }

  /** A new file beside the target, with the folder's default permissions (createTempFile's are owner-only). */
  private static Path createTemp(Path dir, String name) throws IOException {
    while (true) {
      Path candidate = dir.resolve("." + name + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
      try {
        return Files.createFile(candidate);
      } catch (FileAlreadyExistsException taken) {
        // another writer's temporary file: draw again
      }
    }
  }

  private static void move(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      // same folder, so only an unusual file system lands here: replace as well as it allows
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
