package dev.ibridge.store;

/** Totals over the journaled sessions of one activity. */
public record ActivityStats(String activity, long sessions, long hits, long misses, long emits) {
  /** Hits over requests, or 0 when there were no requests. */
  public double hitRate() {
    long requests = hits + misses;
    return requests == 0 ? 0.0 : (double) hits / requests;
  }
}
