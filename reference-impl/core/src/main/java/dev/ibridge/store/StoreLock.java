package dev.ibridge.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The store's {@code lock} file. Every open store holds a shared lock on it; opening cleans the
 * staging area and gc sweeps only while holding it exclusively. File locks belong to the whole
 * process, so all Store instances of one process share a single lock per store, counted here.
 */
final class StoreLock {
  private static final Map<Path, StoreLock> HELD = new HashMap<>();

  private final Path file;
  private final FileChannel channel;
  private FileLock lock;
  private int holders;

  private StoreLock(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  /**
   * Joins the process's hold on the store's lock, taking it if this is the first holder. When the
   * process is the first, {@code whileExclusive} runs if the lock can be had exclusively, before it
   * is downgraded to shared.
   */
  static StoreLock acquire(Path lockFile, IoAction whileExclusive) throws IOException {
    synchronized (HELD) {
      StoreLock held = HELD.get(lockFile);
      if (held != null) {
        held.holders++;
        return held;
      }
      FileChannel ch =
          FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      try {
        StoreLock created = new StoreLock(lockFile, ch);
        FileLock exclusive = ch.tryLock(0, Long.MAX_VALUE, false);
        if (exclusive != null) {
          try {
            whileExclusive.run();
          } finally {
            exclusive.release();
          }
        }
        created.lock = ch.lock(0, Long.MAX_VALUE, true);
        created.holders = 1;
        HELD.put(lockFile, created);
        return created;
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    }
  }

  /**
   * Runs {@code action} while this process holds the lock exclusively, then returns to shared.
   *
   * @throws IllegalStateException when another Store instance of this process has the store open
   * @throws StoreBusyException when another process has the store open
   */
  <T> T exclusively(IoSupplier<T> action) throws IOException {
    synchronized (HELD) {
      if (holders != 1) {
        throw new IllegalStateException(
            "the store at " + file.getParent() + " is open " + holders
                + " times in this process; close the other Store instances before gc");
      }
      lock.release();
      FileLock exclusive = channel.tryLock(0, Long.MAX_VALUE, false);
      try {
        if (exclusive == null) {
          throw new StoreBusyException(
              "the store at " + file.getParent()
                  + " is in use by another process; gc needs it alone, retry when the other tools finish");
        }
        return action.get();
      } finally {
        if (exclusive != null) {
          exclusive.release();
        }
        lock = channel.lock(0, Long.MAX_VALUE, true);
      }
    }
  }

  void release() throws IOException {
    synchronized (HELD) {
      if (holders == 0) {
        return;
      }
      holders--;
      if (holders == 0) {
        HELD.remove(file);
        try {
          lock.release();
        } finally {
          channel.close();
        }
      }
    }
  }

  interface IoAction {
    void run() throws IOException;
  }

  interface IoSupplier<T> {
    T get() throws IOException;
  }
}
