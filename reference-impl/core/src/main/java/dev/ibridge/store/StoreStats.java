package dev.ibridge.store;

import java.util.List;

/**
 * Counts and sizes of a store. {@code logicalBlobBytes} is what the records' outputs add up to;
 * {@code blobBytes} is what is stored; their difference is {@link #bytesSavedByDedup}.
 */
public record StoreStats(
    long records,
    long recordBytes,
    long blobs,
    long blobBytes,
    long logicalBlobBytes,
    long heads,
    long sessions,
    long journalBytes,
    List<ActivityStats> activities) {

  public StoreStats {
    activities = List.copyOf(activities);
  }

  public long bytesSavedByDedup() {
    return Math.max(0, logicalBlobBytes - blobBytes);
  }

  public long totalBytes() {
    return recordBytes + blobBytes + journalBytes;
  }
}
