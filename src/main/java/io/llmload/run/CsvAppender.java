package io.llmload.run;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A CSV file written row by row while the run goes on (llm-calls.csv, llm-itl.csv, server-metrics.csv).
 * Each {@link #append} hands whole rows, built in memory, to the file in one write, unbuffered, so a
 * killed run keeps every row appended before. A write that fails (disk full, I/O error) is cut back to the
 * last whole row before the exception is thrown, so a partial row is never glued to the next one; while
 * that cut itself fails, further appends are refused rather than written after the partial row.
 */
public final class CsvAppender implements Closeable {
  /** Opens a file for writing; tests replace it with a channel that fails as a full disk would. */
  @FunctionalInterface
  public interface Opener {
    SeekableByteChannel open(Path file) throws IOException;
  }

  /** Creates (or empties) the file. */
  public static final Opener FILES = file -> FileChannel.open(file, StandardOpenOption.CREATE,
      StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);

  private final Path file;
  private final SeekableByteChannel channel;
  private long end;
  private boolean partial;

  /** Creates (or empties) {@code file} through {@code opener} and writes {@code header} (one row with its line break). */
  public CsvAppender(Path file, String header, Opener opener) throws IOException {
    this.file = file;
    this.channel = opener.open(file);
    try {
      append(header);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }

  public CsvAppender(Path file, String header) throws IOException {
    this(file, header, FILES);
  }

  /** Appends {@code rows} (whole rows, each ended by a line break) in one write, or none of it. */
  public synchronized void append(String rows) throws IOException {
    if (partial) {
      cutBack();
    }
    ByteBuffer bytes = StandardCharsets.UTF_8.encode(rows);
    int size = bytes.remaining();
    try {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    } catch (IOException e) {
      partial = true;
      try {
        cutBack();
      } catch (IOException cut) {
        e.addSuppressed(cut);
      }
      throw e;
    }
    end += size;
  }

  private void cutBack() throws IOException {
    try {
      channel.truncate(end);
      channel.position(end);
      partial = false;
    } catch (IOException e) {
      throw new IOException(file + " holds a partial row that cannot be removed (" + e.getMessage()
          + "); no further rows are written to it", e);
    }
  }

  public Path file() {
    return file;
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }
}
