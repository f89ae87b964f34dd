package dev.ibridge.store;

import dev.ibridge.model.Digest;
import dev.ibridge.model.KeyMaterial;
import dev.ibridge.model.Record;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The records one store instance has read and checked, so that a repeated request skips reading,
 * decoding and re-deriving the key (REQ-STORE-086). An entry is keyed by the record's key material
 * and remembers the identity of the file it was read from; it is served only while a fresh
 * {@code lstat} of that path shows the same file. The least recently used entries are dropped when
 * the encoded sizes of the remembered records exceed the budget. Safe for concurrent use.
 */
final class RecordCache {
  /** A checked record: its key, the path it was read from and that file's identity, and its blob paths. */
  record Entry(Digest key, Record record, Path file, FileIdentity identity, List<Path> blobFiles) {
    Entry {
      Objects.requireNonNull(identity, "identity");
      blobFiles = List.copyOf(blobFiles);
    }
  }

  /**
   * What tells one file at a path from another: device and inode, size and modification time. A
   * record is published by {@code link(2)} or {@code rename(2)}, so replacing it changes the inode;
   * writing it in place changes its modification time.
   */
  record FileIdentity(Object fileKey, long size, FileTime modified) {
    /** The identity of the regular file at {@code file}, not following links; null when there is none. */
    static FileIdentity of(Path file) {
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        return null;
      }
      if (!a.isRegularFile() || a.fileKey() == null) {
        return null;
      }
      return new FileIdentity(a.fileKey(), a.size(), a.lastModifiedTime());
    }
  }

  private final long maxBytes;
  private final LinkedHashMap<KeyMaterial, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
  private long bytes;

  RecordCache(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("the record cache budget must not be negative, got " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  synchronized Entry get(KeyMaterial material) {
    return entries.get(material);
  }

  /** Remembers {@code entry}, dropping the least recently used entries to stay within the budget. */
  synchronized void put(Entry entry) {
    long size = entry.identity().size();
    if (size > maxBytes) {
      return;
    }
    Entry old = entries.put(entry.record().keyMaterial(), entry);
    if (old != null) {
      bytes -= old.identity().size();
    }
    bytes += size;
    Iterator<Map.Entry<KeyMaterial, Entry>> eldest = entries.entrySet().iterator();
    while (bytes > maxBytes) {
      bytes -= eldest.next().getValue().identity().size();
      eldest.remove();
    }
  }

  /** Forgets {@code entry}, unless another has taken its place meanwhile. */
  synchronized void remove(Entry entry) {
    if (entries.remove(entry.record().keyMaterial(), entry)) {
      bytes -= entry.identity().size();
    }
  }

  synchronized void clear() {
    entries.clear();
    bytes = 0;
  }

  synchronized int size() {
    return entries.size();
  }

  synchronized long bytes() {
    return bytes;
  }
}
