package dev.ibridge.tools.regen;

/** Rust literals for generated code. */
final class Rust {
  private Rust() {}

  /** {@code text} as a raw string literal with enough hashes that it cannot end early. */
  static String rawString(String text) {
    String hashes = "#";
    while (text.contains("\"" + hashes)) {
      hashes += "#";
    }
    return "r" + hashes + "\"" + text + "\"" + hashes;
  }

  /** A non-negative integer with {@code _} between groups of three digits, from 10,000 on. */
  static String integer(long value) {
    return Group.digits(value, '_');
  }
}
