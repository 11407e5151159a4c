package io.llmload.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A disk that fills up: channels opened through {@link #opener()} write for real until the shared budget of
 * bytes is spent, then write what still fits and throw "No space left on device", as a full disk does.
 */
public final class FullDisk {
  private final AtomicLong budget;

  public FullDisk(long bytes) {
    budget = new AtomicLong(bytes);
  }

  /** Gives the disk {@code bytes} more room (space freed). */
  public void free(long bytes) {
    budget.addAndGet(bytes);
  }

  public CsvAppender.Opener opener() {
    return file -> new Channel(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING));
  }

  private final class Channel implements SeekableByteChannel {
    private final FileChannel file;

    Channel(FileChannel file) {
      this.file = file;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      long room = budget.get();
      if (room <= 0) {
        throw new IOException("No space left on device");
      }
      if (src.remaining() > room) {
        ByteBuffer part = src.duplicate();
        part.limit(part.position() + (int) room);
        int n = file.write(part);
        src.position(src.position() + n);
        budget.addAndGet(-n);
        throw new IOException("No space left on device");
      }
      int n = file.write(src);
      budget.addAndGet(-n);
      return n;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return file.read(dst);
    }

    @Override
    public long position() throws IOException {
      return file.position();
    }

    @Override
    public SeekableByteChannel position(long p) throws IOException {
      file.position(p);
      return this;
    }

    @Override
    public long size() throws IOException {
      return file.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) throws IOException {
      budget.addAndGet(file.size() - Math.min(size, file.size()));
      file.truncate(size);
      return this;
    }

    @Override
    public boolean isOpen() {
      return file.isOpen();
    }

    @Override
    public void close() throws IOException {
      file.close();
    }
  }
}
