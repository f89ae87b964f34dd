package dev.ibridge.store;

/**
 * What gc keeps. Both policies keep the records touched by the sessions they keep, every record
 * written since the oldest kept session began, and the blobs those records name.
 */
public sealed interface GcPolicy permits GcPolicy.KeepSessions, GcPolicy.SizeBudget {

  /** Keep what the newest {@code sessions} sessions touched. */
  record KeepSessions(int sessions) implements GcPolicy {
    public KeepSessions {
      if (sessions < 0) {
        throw new IllegalArgumentException("sessions to keep must not be negative, got " + sessions);
      }
    }
  }

  /**
   * Keep as many of the newest sessions as fit: the store's records, blobs, heads and journals
   * afterwards take at most {@code bytes}.
   */
  record SizeBudget(long bytes) implements GcPolicy {
    public SizeBudget {
      if (bytes < 0) {
        throw new IllegalArgumentException("size budget must not be negative, got " + bytes);
      }
    }
  }

  static GcPolicy keepSessions(int sessions) {
    return new KeepSessions(sessions);
  }

  static GcPolicy sizeBudget(long bytes) {
    return new SizeBudget(bytes);
  }
}
