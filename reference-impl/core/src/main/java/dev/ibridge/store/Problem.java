package dev.ibridge.store;

import java.util.Objects;

/** One thing {@link Store#verify} found wrong, with the store-relative path of the file concerned. */
public record Problem(Kind kind, String path, String message) {
  /** What is wrong. */
  public enum Kind {
    /** A {@code STORE} file that was read but is not a store header; nothing else is checked then. */
    BAD_HEADER,
    /** A file or directory that the layout does not define. */
    UNEXPECTED_ENTRY,
    /** A record file that does not decode, or that sits at the wrong address. */
    BAD_RECORD,
    /** A record whose input key or output fingerprint does not recompute. */
    WRONG_KEY,
    /** A blob that a record names but the store does not hold, or holds with another size. */
    MISSING_BLOB,
    /** A blob whose content does not match its address. */
    BAD_BLOB,
    /** A head that does not parse, or names a record the store does not hold. */
    DANGLING_HEAD,
    /** A journal file that does not read. */
    BAD_JOURNAL
  }

  public Problem {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }
}
