package dev.ibridge.avro;

import dev.ibridge.model.JournalEvent;
import dev.ibridge.model.SessionEnded;
import dev.ibridge.model.SessionStarted;

/**
 * The order rules of one session's journal: event {@code i} has sequence {@code i}; the first
 * event, and only the first, is {@link SessionStarted}; a {@link SessionEnded} with the same
 * session id, if present, is the last event.
 */
final class SessionOrder {
  private String sessionId;
  private long next;
  private boolean ended;

  /** {@code sessionId} is the session the journal must belong to, or null to take it from event 0. */
  SessionOrder(String sessionId) {
    this.sessionId = sessionId;
  }

  /** Accepts {@code e} as the next event, or returns why it cannot be. */
  String accept(JournalEvent e) {
    if (ended) {
      return "event " + e.sequence() + " follows the SessionEnded event";
    }
    if (e.sequence() != next) {
      return "event " + next + " has sequence number " + e.sequence();
    }
    if (next == 0) {
      if (!(e.event() instanceof SessionStarted s)) {
        return "the first event must be SessionStarted, got " + e.event().getClass().getSimpleName();
      }
      if (sessionId != null && !sessionId.equals(s.sessionId())) {
        return "SessionStarted names session \"" + s.sessionId() + "\", expected \"" + sessionId + "\"";
      }
      sessionId = s.sessionId();
    } else if (e.event() instanceof SessionStarted) {
      return "event " + next + " starts a second session";
    } else if (e.event() instanceof SessionEnded s) {
      if (!sessionId.equals(s.sessionId())) {
        return "SessionEnded names session \"" + s.sessionId() + "\", expected \"" + sessionId + "\"";
      }
      ended = true;
    }
    next++;
    return null;
  }

  String sessionId() {
    return sessionId;
  }
}
