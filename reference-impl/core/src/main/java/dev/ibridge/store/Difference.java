package dev.ibridge.store;

import java.util.Objects;

/**
 * One key-material entry that differs between a request and the subject's last record. {@code
 * before} is null when the entry is new, {@code after} when it is gone.
 */
public record Difference(Kind kind, String entry, String before, String after) {
  /** Which part of the key material the entry belongs to. */
  public enum Kind {
    PROTOCOL("protocol major"),
    TOOLCHAIN("toolchain"),
    CONFIG("config entry"),
    FILE("input file"),
    ENV("environment variable"),
    READ("read");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public Difference {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(entry, "entry");
    if (before == null && after == null) {
      throw new IllegalArgumentException("a difference needs a value before or after, entry " + entry);
    }
  }

  /** One line for people, in the manner of cargo's dirty reasons. */
  public String describe() {
    String what = kind.label() + " `" + entry + "`";
    if (before == null) {
      return what + " is new: " + after;
    }
    if (after == null) {
      return what + " is gone (was " + before + ")";
    }
    return what + " changed: " + before + " -> " + after;
  }
}
