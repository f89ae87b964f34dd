package dev.ibridge.codec;

import java.io.IOException;

/**
 * Bytes that are not a valid protocol message. Every decoder turns malformed input, and any
 * exception a runtime library throws on it, into this one type.
 */
public final class DecodeException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long offset;

  /** {@code offset} is the byte position of the problem, or -1 when it is not known. */
  public DecodeException(String message, long offset, Throwable cause) {
    super(message, cause);
    this.offset = offset;
  }

  public DecodeException(String message) {
    this(message, -1, null);
  }

  public DecodeException(String message, Throwable cause) {
    this(message, -1, cause);
  }

  /** The byte position of the problem, or -1 when it is not known. */
  public long offset() {
    return offset;
  }

  @Override
  public String getMessage() {
    String m = super.getMessage();
    return offset >= 0 ? m + " (at byte " + offset + ")" : m;
  }
}
