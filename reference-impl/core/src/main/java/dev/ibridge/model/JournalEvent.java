package dev.ibridge.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One entry of a session's journal: its position in the session (from 0), when it happened and
 * what happened. The journal stores milliseconds since the Unix epoch, so {@code timestamp} is
 * truncated to whole milliseconds here and a value survives a round trip unchanged.
 */
public record JournalEvent(long sequence, Instant timestamp, JournalEntry event) {
  private static final Instant EARLIEST = Instant.ofEpochMilli(Long.MIN_VALUE);
  private static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);

  public JournalEvent {
    Text.checkSize(sequence, "sequence");
    Objects.requireNonNull(timestamp, "timestamp");
    if (timestamp.isBefore(EARLIEST) || timestamp.isAfter(LATEST)) {
      throw new IllegalArgumentException(
          "timestamp must be expressible in milliseconds since the epoch as a long, got " + timestamp);
    }
    timestamp = timestamp.truncatedTo(ChronoUnit.MILLIS);
    Objects.requireNonNull(event, "event");
  }
}
