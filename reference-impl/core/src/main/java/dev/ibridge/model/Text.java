package dev.ibridge.model;

import java.util.Comparator;
import java.util.Objects;

/** Validation and canonical ordering of protocol text. */
final class Text {
  /**
   * Orders strings by Unicode code point, which is the same as ordering their UTF-8 encodings
   * byte by byte. {@link String#compareTo} orders UTF-16 code units and would disagree.
   */
  static final Comparator<String> CODE_POINT_ORDER = Text::compareCodePoints;

  private Text() {}

  static String check(String value, String field) {
    Objects.requireNonNull(value, field);
    int utf8 = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80 && c != 0) {
        // Non-NUL ASCII, the common case: one UTF-8 byte, nothing else to check.
        utf8++;
        continue;
      }
      if (c == 0) {
        throw new IllegalArgumentException(field + " contains NUL at index " + i);
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
          throw new IllegalArgumentException(field + " contains an unpaired surrogate at index " + i);
        }
        utf8 += 4;
        i++;
      } else if (Character.isLowSurrogate(c)) {
        throw new IllegalArgumentException(field + " contains an unpaired surrogate at index " + i);
      } else {
        utf8 += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
      }
    }
    if (utf8 > Limits.MAX_TEXT_BYTES) {
      throw new IllegalArgumentException(
          field + " is " + utf8 + " UTF-8 bytes, more than the limit of " + Limits.MAX_TEXT_BYTES);
    }
    return value;
  }

  static String checkNonEmpty(String value, String field) {
    check(value, field);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(field + " must not be empty");
    }
    return value;
  }

  static long checkSize(long size, String field) {
    if (size < 0) {
      throw new IllegalArgumentException(field + " must not be negative, got " + size);
    }
    return size;
  }

  static int compareCodePoints(String a, String b) {
    int common = Math.min(a.length(), b.length());
    for (int k = 0; k < common; k++) {
      char ca = a.charAt(k);
      char cb = b.charAt(k);
      if (ca != cb) {
        if (Character.isSurrogate(ca) || Character.isSurrogate(cb)) {
          // Where a surrogate differs, UTF-16 order and code point order can disagree.
          return compareCodePointsFrom(a, b);
        }
        return Integer.compare(ca, cb);
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  private static int compareCodePointsFrom(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
