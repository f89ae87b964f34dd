package dev.ibridge.tools.regen;

/** Digit grouping for generated numbers: 4096 stays as it is, 65536 becomes 65_536 or 65,536. */
final class Group {
  private Group() {}

  static String digits(long value, char separator) {
    String plain = Long.toString(value);
    if (value < 10_000) {
      return plain;
    }
    StringBuilder out = new StringBuilder();
    int lead = plain.length() % 3 == 0 ? 3 : plain.length() % 3;
    out.append(plain, 0, lead);
    for (int i = lead; i < plain.length(); i += 3) {
      out.append(separator).append(plain, i, i + 3);
    }
    return out.toString();
  }
}
