package dev.ibridge.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A session began. The session id also names the session's journal file, so it is restricted to
 * 1 to 128 characters from {@code [A-Za-z0-9._-]}, starting with a letter or digit.
 */
public record SessionStarted(String sessionId, Producer producer) implements JournalEntry {
  private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  public SessionStarted {
    checkSessionId(sessionId);
    Objects.requireNonNull(producer, "producer");
  }

  /** Returns {@code sessionId} if it is a valid session id; throws IllegalArgumentException if not. */
  public static String checkSessionId(String sessionId) {
    Objects.requireNonNull(sessionId, "sessionId");
    if (!SESSION_ID.matcher(sessionId).matches()) {
      throw new IllegalArgumentException(
          "sessionId must be 1 to 128 characters of [A-Za-z0-9._-] starting with a letter or digit, got \""
              + sessionId + "\"");
    }
    return sessionId;
  }
}
