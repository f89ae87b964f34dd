package dev.ibridge.store.remote;

import java.io.IOException;

/** Why an exchange with a remote gave no usable answer. Its message names no credential. */
public final class RemoteFault extends IOException {
  /** The kinds of fault of spec chapter "Remote stores". */
  public enum Kind {
    /** Connection refused, no route, name not resolved. */
    UNREACHABLE,
    /** Connect or read past its timeout. */
    TIMEOUT,
    /** A status other than 2xx or (for reads) 404. */
    STATUS,
    /** A 3xx answer, never followed (REQ-REMOTE-014). */
    REDIRECT,
    /** The body ended before its length. */
    TRUNCATED,
    /** The body is longer than its limit (REQ-REMOTE-013). */
    TOO_LARGE
  }

  private final Kind kind;

  public RemoteFault(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** Whether the remote is unusable for the rest of the run, as opposed to one bad entry. */
  public boolean down() {
    return kind == Kind.UNREACHABLE || kind == Kind.TIMEOUT;
  }
}
