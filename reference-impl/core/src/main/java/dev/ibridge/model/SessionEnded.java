package dev.ibridge.model;

/** A session ended, with its totals of hits, misses and emits. */
public record SessionEnded(String sessionId, long hits, long misses, long emits) implements JournalEntry {
  public SessionEnded {
    SessionStarted.checkSessionId(sessionId);
    Text.checkSize(hits, "hits");
    Text.checkSize(misses, "misses");
    Text.checkSize(emits, "emits");
  }
}
