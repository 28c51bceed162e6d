package io.beacon.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One live Beacon per data directory. An OS file lock on {@code beacon.lock} is held for the life of the
 * process; the kernel releases it when the process dies however it dies, so a lock that cannot be taken
 * means another Beacon is alive on this directory, and starting its engines a second time must be refused.
 * The file says who holds it (pid, then the HTTP port once known) for the refusal message.
 */
public final class DataDirLock implements AutoCloseable {
  static final String FILE = "beacon.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DataDirLock acquire(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    try {
      Files.createDirectories(dataDir);
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        String holder = Files.readString(file).trim();
        channel.close();
        throw new DataDirInUseException("data directory " + dataDir + " is in use by another running Beacon ("
            + (holder.isEmpty() ? "starting" : holder) + "); stop that one first or give this one another --data-dir");
      }
      DataDirLock held = new DataDirLock(channel, lock);
      held.describe("pid " + ProcessHandle.current().pid());
      return held;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file, e);
    }
  }

  /** Records who holds the lock; read by a second Beacon to say whom it found. */
  void describe(String holder) {
    try {
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // the process is ending; the kernel drops the lock with the descriptor anyway
    }
  }

  /** Another live Beacon holds this data directory. */
  public static final class DataDirInUseException extends IllegalStateException {
    DataDirInUseException(String message) { super(message); }
  }
}
